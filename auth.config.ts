/**
 * The part of the Auth.js configuration that needs no database (usable by proxy.ts).
 * Sessions are JWTs naming a server-side session row, which auth.ts checks with
 * the user on every request (lib/server/sessions.ts).
 */
import type { NextAuthConfig } from "next-auth";
import { safeCallbackPath } from "@/lib/safe-redirect";

/**
 * How long a session cookie lasts unless re-issued (reading `GET /api/auth/session`
 * re-issues it). A session's whole life has its own cap: SESSION_LIFETIME_MS.
 */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [],
  callbacks: {
    /** Every callback URL Auth.js follows, by the rule of the sign-in page: a path on this site. */
    redirect({ url, baseUrl }) {
      // Auth.js hands back its own absolute URLs (its callback-URL cookie): judge their path.
      const value = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
      return `${baseUrl}${safeCallbackPath(value)}`;
    },
  },
} satisfies NextAuthConfig;
