/**
 * What the server logs about sign-ins (Auth.js's logger, set in auth.ts): one
 * structured line per failed sign-in, never the password or a stack trace;
 * other Auth.js errors still name themselves.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loginFailures } from "@/db/schema";
import { LOGIN_MAX_FAILURES, normalizeEmail } from "@/lib/server/authentication";
import { CookieJar, loadAuth, readSession, SESSION_COOKIE, signInWith } from "../auth-client";
import { useTestDatabase } from "../db";
import { createWriter, TEST_PASSWORD, uniqueEmail, type TestUser } from "../factories";

const db = useTestDatabase();

let user: TestUser;
beforeAll(async () => {
  await loadAuth();
  user = await createWriter();
});

/** Everything written to the console while `fn` runs, one entry per line. */
async function logOf(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const capture = (...args: unknown[]) => {
    lines.push(...args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(" ").split("\n"));
  };
  const spies = (["error", "warn", "log", "info", "debug"] as const).map((level) => vi.spyOn(console, level).mockImplementation(capture));
  try {
    await fn();
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

const SECRET = "not-the-password-0123";

describe("the sign-in log", () => {
  it("logs a failed sign-in as one JSON line, without the password or a stack", async () => {
    const lines = await logOf(() => signInWith(new CookieJar(), { email: `  ${user.email.toUpperCase()}`, password: SECRET }));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toEqual({ event: "sign_in_failed", reason: "invalid", emailHash: expect.stringMatching(/^[0-9a-f]{16}$/), address: expect.any(String) });
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).not.toContain(normalizeEmail(user.email));

    // The same account gives the same hash, another account another one.
    const [again] = await logOf(() => signInWith(new CookieJar(), { email: user.email, password: SECRET }));
    const [other] = await logOf(() => signInWith(new CookieJar(), { email: uniqueEmail("nobody"), password: SECRET }));
    expect(JSON.parse(again!).emailHash).toBe(entry.emailHash);
    expect(JSON.parse(other!).emailHash).not.toBe(entry.emailHash);
  });

  it("logs a refused attempt as rate_limited", async () => {
    const target = await createWriter();
    // Failures from elsewhere: the account is refused, not the address this test signs in from.
    await db()
      .insert(loginFailures)
      .values(Array.from({ length: LOGIN_MAX_FAILURES }, (_, i) => ({ email: target.email, address: `198.51.100.${i}` })));
    const lines = await logOf(() => signInWith(new CookieJar(), { email: target.email, password: TEST_PASSWORD }));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: "sign_in_failed", reason: "rate_limited" });
  });

  it("logs nothing for a successful sign-in", async () => {
    expect(await logOf(() => signInWith(new CookieJar(), { email: user.email, password: TEST_PASSWORD }))).toEqual([]);
  });

  it("still names other Auth.js errors, such as a session cookie that does not decode", async () => {
    const lines = await logOf(async () => {
      const read = await readSession(new CookieJar({ [SESSION_COOKIE]: "not-a-token" }));
      expect(read.body).toBeNull();
    });
    expect(lines[0]).toMatch(/^\[auth\]\[error\] JWTSessionError: /);
  });
});
