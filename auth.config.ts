/**
 * The part of the Auth.js configuration that needs no database (usable by proxy.ts).
 * Sessions are JWTs; every request still loads the user from the database
 * (lib/server/session.ts), so a disabled user or a role change takes effect at once.
 */
import type { NextAuthConfig } from "next-auth";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      (session as { issuedAt?: number }).issuedAt = typeof token.iat === "number" ? token.iat : undefined;
      return session;
    },
  },
} satisfies NextAuthConfig;
