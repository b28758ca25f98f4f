/**
 * Sessions on the server: every request checks its session's row and reloads
 * its user, so signing out, disabling someone or reaching the end of a
 * session's life takes effect on the next request, whatever the cookie says.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import { loadActor } from "@/lib/server/session";
import { encode } from "next-auth/jwt";
import { endSession, endUserSessions, loadSessionActor, SESSION_LIFETIME_MS, sessionFromCookie, startSession } from "@/lib/server/sessions";
import { useTestDatabase } from "../db";
import { setRealClockOffset } from "../time";
import { createEditor, createWriter } from "../factories";

const db = useTestDatabase();

afterEach(() => setRealClockOffset(0));

async function started(userId: string) {
  const session = await startSession({ userId });
  expect(session).not.toBeNull();
  return session!;
}

const rowOf = async (id: string) => (await db().select().from(sessions).where(eq(sessions.id, id)))[0];

describe("startSession", () => {
  it("records a session that ends SESSION_LIFETIME_MS after it starts", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    const row = await rowOf(session.id);
    expect(row).toMatchObject({ userId: user.id, endedAt: null });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(SESSION_LIFETIME_MS);
  });

  it("refuses a disabled user", async () => {
    const user = await createWriter({ disabledAt: new Date() });
    expect(await startSession({ userId: user.id })).toBeNull();
    expect(await db().select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("deletes sessions past their end, and only those", async () => {
    const user = await createWriter();
    setRealClockOffset(-SESSION_LIFETIME_MS - 60_000);
    const old = await started(user.id);
    setRealClockOffset(-SESSION_LIFETIME_MS + 60_000);
    const recent = await started(user.id);
    setRealClockOffset(0);
    await started(user.id);
    expect(await rowOf(old.id)).toBeUndefined();
    expect(await rowOf(recent.id)).toBeDefined();
  });
});

describe("loadSessionActor", () => {
  it("returns the actor of a live session, with the role from the database", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    await db().update(users).set({ role: "editor" }).where(eq(users.id, user.id));
    expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: "editor",
    });
  });

  it("returns null for an unknown session, or one of another user", async () => {
    const user = await createWriter();
    const other = await createWriter();
    const session = await started(other.id);
    expect(await loadSessionActor({ sessionId: crypto.randomUUID(), userId: user.id })).toBeNull();
    expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toBeNull();
  });

  it("returns null once the user is disabled, and still after they are enabled again", async () => {
    const user = await createEditor();
    const session = await started(user.id);
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toBeNull();
  });

  it("returns null for an ended session; the user's other sessions go on", async () => {
    const user = await createWriter();
    const ended = await started(user.id);
    const other = await started(user.id);
    await endSession({ sessionId: ended.id });
    expect(await loadSessionActor({ sessionId: ended.id, userId: user.id })).toBeNull();
    expect(await loadSessionActor({ sessionId: other.id, userId: user.id })).toMatchObject({ id: user.id });
    expect((await rowOf(ended.id))!.endedAt).toBeInstanceOf(Date);
  });

  it("returns null at the end of the session's life, not a minute before", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    setRealClockOffset(SESSION_LIFETIME_MS - 60_000);
    expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toMatchObject({ id: user.id });
    setRealClockOffset(SESSION_LIFETIME_MS);
    expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toBeNull();
  });
});

describe("sessionFromCookie", () => {
  const secret = "a-test-secret-of-enough-length-for-auth-js-0123456789";
  const salt = "authjs.session-token";
  const cookieOf = async (claims: Record<string, unknown>, options: { secret?: string; maxAge?: number } = {}) =>
    `${salt}=${await encode({ token: claims, secret: options.secret ?? secret, salt, maxAge: options.maxAge ?? 60 })}`;
  let savedSecret: string | undefined;
  beforeEach(() => {
    savedSecret = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = secret;
  });
  afterEach(() => {
    process.env.AUTH_SECRET = savedSecret;
  });

  it("gives the cookie's actor on every request, and nobody once its session row ends, though the cookie decrypted before", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    const cookie = await cookieOf({ sub: user.id, sid: session.id });
    expect(await sessionFromCookie({ cookie })).toMatchObject({ sessionId: session.id, actor: { id: user.id } });
    expect(await sessionFromCookie({ cookie: `theme=dark; ${cookie}` })).toMatchObject({ sessionId: session.id });
    await endSession({ sessionId: session.id });
    expect(await sessionFromCookie({ cookie })).toBeNull();
  });

  it("refuses a cookie past its expiry even when it decrypted while fresh", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    const cookie = await cookieOf({ sub: user.id, sid: session.id }, { maxAge: 60 });
    expect(await sessionFromCookie({ cookie })).toMatchObject({ sessionId: session.id });
    // Auth.js allows 15 s of clock difference past the expiry.
    setRealClockOffset(60_000 + 10_000);
    expect(await sessionFromCookie({ cookie })).toMatchObject({ sessionId: session.id });
    setRealClockOffset(60_000 + 16_000);
    expect(await sessionFromCookie({ cookie })).toBeNull();
  });

  it("refuses a cookie of another secret, a forged one, and one without a session", async () => {
    const user = await createWriter();
    const session = await started(user.id);
    const good = await cookieOf({ sub: user.id, sid: session.id });
    expect(await sessionFromCookie({ cookie: await cookieOf({ sub: user.id, sid: session.id }, { secret: `${secret}-other` }) })).toBeNull();
    expect(await sessionFromCookie({ cookie: good.replace(/=(.{12})/, "=AAAAAAAAAAAA") })).toBeNull();
    expect(await sessionFromCookie({ cookie: await cookieOf({ sub: user.id }) })).toBeNull();
    expect(await sessionFromCookie({ cookie: "" })).toBeNull();
    expect(await sessionFromCookie({ cookie: good })).toMatchObject({ sessionId: session.id });
  });
});

describe("endUserSessions", () => {
  it("ends every session of one user and no one else's", async () => {
    const user = await createWriter();
    const other = await createWriter();
    const mine = [await started(user.id), await started(user.id)];
    const theirs = await started(other.id);
    await endUserSessions(db(), { userId: user.id });
    for (const session of mine) expect(await loadSessionActor({ sessionId: session.id, userId: user.id })).toBeNull();
    expect(await loadSessionActor({ sessionId: theirs.id, userId: other.id })).toMatchObject({ id: other.id });
  });
});

describe("loadActor (API tokens)", () => {
  it("returns an enabled user, and null for a disabled or unknown one", async () => {
    const user = await createWriter();
    const disabled = await createWriter({ disabledAt: new Date() });
    expect(await loadActor({ userId: user.id })).toEqual({ id: user.id, email: user.email, name: user.name, role: "writer" });
    expect(await loadActor({ userId: disabled.id })).toBeNull();
    expect(await loadActor({ userId: "no-such-user" })).toBeNull();
  });
});
