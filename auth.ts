import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { authenticate } from "@/lib/server/authentication";

export class RateLimitedSignin extends CredentialsSignin {
  code = "rate_limited";
}

function clientAddress(request: Request | undefined): string {
  const forwarded = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request?.headers.get("x-real-ip") || "unknown";
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
