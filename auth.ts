import NextAuth from "next-auth";
import type { JWT } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "./auth.config";
import { whyUnavailable } from "@/db/unavailable";
import type { Actor } from "@/lib/server/actor";
import { authLogger, SignInFailed } from "@/lib/server/auth-log";
import { authenticate } from "@/lib/server/authentication";
import { publishLiveEvent } from "@/lib/server/live-events";
import { clientAddress } from "@/lib/server/request";
import { endSession, loadSessionActor, startSession } from "@/lib/server/sessions";

declare module "next-auth" {
  interface Session {
    /** The user behind this session, loaded from the database in this very call (never from the cookie). */
    actor?: Actor;
    /** Set when the session could not be checked because the database is out of reach (getActor throws it). */
    unavailable?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The session's row (lib/server/sessions.ts): set at sign-in, carried unchanged through every re-issue. */
    sid?: string;
  }
}

/** The actor each token was checked against, for the session callback of the same call (kept out of the cookie). */
const checkedActors = new WeakMap<JWT, Actor>();
/** Why a token could not be checked: the database was out of reach (the cookie is kept, nobody is signed out by an outage). */
const uncheckable = new WeakMap<JWT, string>();

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger: authLogger,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = String(credentials?.email ?? "");
        const address = clientAddress(request);
        const result = await authenticate({ email, password: String(credentials?.password ?? ""), address });
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        throw new SignInFailed({ reason: result.reason, email, address });
      },
    }),
  ],
  callbacks: {
    ...authConfig.callbacks,
    /**
     * Runs whenever the cookie is read: on each request (`auth()`) and when
     * `GET /api/auth/session` re-issues it. Returning null ends the session
     * and clears the cookie, so a revoked, signed-out or expired session is
     * never re-issued.
     */
    async jwt({ token, user, trigger }) {
      if (trigger === "signIn") {
        if (!user?.id) return null;
        const session = await startSession({ userId: user.id });
        return session && { sub: user.id, sid: session.id, name: user.name, email: user.email };
      }
      if (!token.sub || !token.sid) return null;
      let actor: Actor | null;
      try {
        actor = await loadSessionActor({ sessionId: token.sid, userId: token.sub });
      } catch (error) {
        const reason = whyUnavailable(error);
        if (!reason) throw error;
        uncheckable.set(token, reason);
        return token;
      }
      if (!actor) return null;
      checkedActors.set(token, actor);
      return token;
    },
    session({ session, token }) {
      const actor = checkedActors.get(token);
      const unavailable = uncheckable.get(token);
      return { expires: session.expires, user: actor && { id: actor.id, name: actor.name, email: actor.email }, actor, ...(unavailable && { unavailable }) };
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.sid) return;
      await endSession({ sessionId: token.sid });
      // Live editors opened with this session close (lib/server/live-server.ts checks each one's session).
      if (token.sub) publishLiveEvent({ type: "access", userId: token.sub });
    },
  },
});
