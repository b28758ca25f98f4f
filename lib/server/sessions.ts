import "server-only";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { getDb, type Db } from "@/db";
import { sessions, users } from "@/db/schema";
import type { Actor } from "./actor";

/**
 * The server's record of each sign-in (one `sessions` row). The session cookie
 * names its row (`sid`, set at sign-in and never changed); every request checks
 * that row together with its user, so a session ends for good when its row ends
 * (sign-out, the user disabled) or passes SESSION_LIFETIME_MS from sign-in,
 * however often the cookie is re-issued in between.
 */
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

/**
 * Sessions follow the real clock, as their cookies do, not the domain clock
 * (./clock.ts) that tests move to make checks go stale: moving that one must not
 * sign everyone out.
 */
const now = () => new Date();

export type StartedSession = { id: string; createdAt: Date; expiresAt: Date };

/** Opens a session for an enabled user (null if the user was disabled meanwhile). */
export async function startSession({ userId }: { userId: string }): Promise<StartedSession | null> {
  const db = await getDb();
  const at = now();
  // Sign-ins are rare next to requests: a good moment to forget sessions that can no longer count.
  await db.delete(sessions).where(lt(sessions.expiresAt, at));
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)));
  if (!user) return null;
  const [row] = await db
    .insert(sessions)
    .values({ userId, createdAt: at, expiresAt: new Date(at.getTime() + SESSION_LIFETIME_MS) })
    .returning({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt });
  return row!;
}

/**
 * The actor of a live session: its row not ended nor expired, its user enabled.
 * One query for both, since it runs on every request.
 */
export async function loadSessionActor({ sessionId, userId }: { sessionId: string; userId: string }): Promise<Actor | null> {
  const db = await getDb();
  const [actor] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sessionId),
        eq(sessions.userId, userId),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, now()),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return actor ?? null;
}

/** Ends one session (sign-out). Ending one that has ended already changes nothing. */
export async function endSession({ sessionId }: { sessionId: string }): Promise<void> {
  const db = await getDb();
  await db
    .update(sessions)
    .set({ endedAt: now() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

/** Ends every session of a user, in the caller's transaction (a user disabled, a password changed). */
export async function endUserSessions(tx: Pick<Db, "update">, { userId }: { userId: string }): Promise<void> {
  await tx
    .update(sessions)
    .set({ endedAt: now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.endedAt)));
}

/**
 * The actor of the session cookie in a `Cookie` header, checked as every
 * request's is (auth.ts, jwt callback): the cookie must decrypt with
 * AUTH_SECRET and be unexpired, and its row and user must pass
 * `loadSessionActor`. For requests Auth.js does not see: the live editor's
 * WebSocket (lib/server/live-server.ts). Null for anything less.
 */
export async function sessionFromCookie({ cookie }: { cookie: string | null | undefined }): Promise<{ actor: Actor; sessionId: string } | null> {
  const secret = process.env.AUTH_SECRET;
  if (!cookie || !secret) return null;
  // Auth.js names the cookie by the site's scheme: the __Secure- one on https.
  const secureCookie = /(?:^|;)\s*__Secure-authjs\.session-token(?:\.\d+)?=/.test(cookie);
  // Only the cookie header: getToken would otherwise also read a bearer token.
  const token = await getToken({ req: { headers: { cookie } }, secret, secureCookie, decode: decodeRemembered });
  const sessionId = typeof token?.sid === "string" ? token.sid : null;
  if (!token?.sub || !sessionId) return null;
  const actor = await loadSessionActor({ sessionId, userId: token.sub });
  return actor ? { actor, sessionId } : null;
}

/** Cookies decrypted lately, by their exact value: what each held. */
const decoded = new Map<string, JWT>();
const DECODED_KEPT = 2000;
/** The leeway Auth.js's own decoding gives an expiry. */
const CLOCK_TOLERANCE_S = 15;

/**
 * Auth.js's decoding of a session cookie, remembered: it derives the key from
 * AUTH_SECRET (HKDF) and decrypts on every call, most of a millisecond of CPU
 * for every signed-in request, though a browser sends the same cookie for
 * minutes. The same value decrypts to the same claims, so a value decrypted
 * once is not decrypted again until it expires (checked on each use); the
 * session's row and user are still checked on every request
 * (`loadSessionActor`). Only values that decrypted are kept, the oldest
 * forgotten first.
 */
async function decodeRemembered(params: JWTDecodeParams): Promise<JWT | null> {
  const key = `${params.salt}\u0000${params.token ?? ""}`;
  const known = decoded.get(key);
  if (known) {
    if (typeof known.exp === "number" && known.exp + CLOCK_TOLERANCE_S <= Date.now() / 1000) {
      decoded.delete(key);
      return null;
    }
    return known;
  }
  const claims = await decode<JWT>(params);
  if (claims) {
    if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, claims);
  }
  return claims;
}
