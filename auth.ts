import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { authenticate } from "@/lib/server/authentication";

export class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

/**
 * The client's address for per-address sign-in limits. Each proxy appends the
 * address it saw to X-Forwarded-For, so entries a client wrote itself sit on the
 * left: with FACTDESK_PROXY_HOPS trusted proxies (default 1: one reverse proxy,
 * or Next.js itself, which sets the header from the socket when it is absent),
 * the address is that many entries from the right.
 */
function clientAddress(request: Request | undefined): string {
  const hops = Math.max(1, Number(process.env.FACTDESK_PROXY_HOPS) || 1);
  const entries = (request?.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - hops)] || request?.headers.get("x-real-ip") || "unknown";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticate({
          email: String(credentials?.email ?? ""),
          password: String(credentials?.password ?? ""),
          address: clientAddress(request),
        });
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        if (result.reason === "rate_limited") throw new RateLimitedSignin();
        return null;
      },
    }),
  ],
});
