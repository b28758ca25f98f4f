/**
 * Sign-in checks: one answer for every kind of failure, and a limit on failures
 * per account and per address over a sliding window, held in the database.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loginFailures } from "@/db/schema";
import { authenticate, LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS } from "@/lib/server/authentication";
import { setClockOffset } from "@/lib/server/clock";
import { useTestDatabase } from "../db";
import { createWriter, TEST_PASSWORD, uniqueEmail, type TestUser } from "../factories";

const db = useTestDatabase();

let user: TestUser;
beforeAll(async () => {
  user = await createWriter();
});

afterEach(() => setClockOffset(0));

let n = 0;
/** An address no other test uses, so per-address counts start at zero. */
const uniqueAddress = () => `203.0.113.${++n}`;

const INVALID = { ok: false, reason: "invalid" };
const RATE_LIMITED = { ok: false, reason: "rate_limited" };

async function failTimes(times: number, attempt: () => Parameters<typeof authenticate>[0]) {
  for (let i = 0; i < times; i++) expect(await authenticate(attempt())).toEqual(INVALID);
}

const failuresFor = (email: string) => db().select().from(loginFailures).where(eq(loginFailures.email, email));

describe("authenticate", () => {
  it("accepts the right password and returns only the user's public fields", async () => {
    const result = await authenticate({ email: user.email, password: TEST_PASSWORD, address: uniqueAddress() });
    expect(result).toEqual({ ok: true, user: { id: user.id, email: user.email, name: user.name } });
  });

  it("answers an email or password with a NUL character as a wrong one (PostgreSQL cannot store one)", async () => {
    expect(await authenticate({ email: `a\u0000${user.email}`, password: TEST_PASSWORD, address: uniqueAddress() })).toEqual(INVALID);
    expect(await authenticate({ email: user.email, password: "pass\u0000word", address: uniqueAddress() })).toEqual(INVALID);
  });

  it("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const result = await authenticate({ email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD, address: uniqueAddress() });
    expect(result).toEqual({ ok: true, user: { id: user.id, email: user.email, name: user.name } });
  });

  it("answers a wrong password, an unknown email and a disabled account the same way, and records each", async () => {
    const disabled = await createWriter({ disabledAt: new Date() });
    const unknown = uniqueEmail("nobody");
    const someone = await createWriter();
    const address = uniqueAddress();
    expect(await authenticate({ email: someone.email, password: "wrong password!", address })).toEqual(INVALID);
    expect(await authenticate({ email: unknown, password: TEST_PASSWORD, address })).toEqual(INVALID);
    expect(await authenticate({ email: disabled.email, password: TEST_PASSWORD, address })).toEqual(INVALID);
    expect(await authenticate({ email: someone.email, password: "", address })).toEqual(INVALID);

    expect((await failuresFor(someone.email)).map((f) => f.address)).toEqual([address, address]);
    expect(await failuresFor(unknown)).toHaveLength(1);
    expect(await failuresFor(disabled.email)).toHaveLength(1);
  });

  it(`refuses an account after ${LOGIN_MAX_FAILURES} failures in the window, even with the right password and from another address`, async () => {
    const target = await createWriter();
    await failTimes(LOGIN_MAX_FAILURES - 1, () => ({ email: target.email, password: "guess", address: uniqueAddress() }));
    // One under the limit: the right password still works.
    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address: uniqueAddress() })).toMatchObject({ ok: true });
    expect(await authenticate({ email: target.email, password: "guess", address: uniqueAddress() })).toEqual(INVALID);

    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address: uniqueAddress() })).toEqual(RATE_LIMITED);
    expect(await authenticate({ email: target.email.toUpperCase(), password: TEST_PASSWORD, address: uniqueAddress() })).toEqual(RATE_LIMITED);
    // Refused attempts are not counted as more failures.
    expect(await failuresFor(target.email)).toHaveLength(LOGIN_MAX_FAILURES);
    // Other accounts are unaffected.
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, address: uniqueAddress() })).toMatchObject({ ok: true });
  });

  it(`refuses an address after ${LOGIN_MAX_FAILURES} failures from it, whichever accounts they were for`, async () => {
    const address = uniqueAddress();
    await failTimes(LOGIN_MAX_FAILURES, () => ({ email: uniqueEmail("spray"), password: "guess", address }));
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, address })).toEqual(RATE_LIMITED);
    // The same account from another address is fine.
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD, address: uniqueAddress() })).toMatchObject({ ok: true });
  });

  it(`lets no more than ${LOGIN_MAX_FAILURES} guesses through when they all arrive at once`, async () => {
    const target = await createWriter();
    // Parallel attempts, each from its own address: a burst that only the per-account limit can stop.
    const results = await Promise.all(
      Array.from({ length: 3 * LOGIN_MAX_FAILURES }, (_, i) => authenticate({ email: target.email, password: `guess ${i}`, address: uniqueAddress() })),
    );
    expect(results.filter((r) => r.ok === false && r.reason === "invalid")).toHaveLength(LOGIN_MAX_FAILURES);
    expect(results.filter((r) => r.ok === false && r.reason === "rate_limited")).toHaveLength(2 * LOGIN_MAX_FAILURES);
    expect(await failuresFor(target.email)).toHaveLength(LOGIN_MAX_FAILURES);
    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address: uniqueAddress() })).toEqual(RATE_LIMITED);
  });

  it("stops counting failures once they are older than the window", async () => {
    const target = await createWriter();
    const address = uniqueAddress();
    setClockOffset(-(LOGIN_WINDOW_MS + 60_000));
    await failTimes(LOGIN_MAX_FAILURES, () => ({ email: target.email, password: "guess", address }));
    // Still inside the window (as of that moment) the account and address are refused…
    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address })).toEqual(RATE_LIMITED);
    // …a window later they are not.
    setClockOffset(0);
    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address })).toEqual({
      ok: true,
      user: { id: target.id, email: target.email, name: target.name },
    });
  });

  it("counts failures at the edge of the window", async () => {
    const target = await createWriter();
    setClockOffset(-(LOGIN_WINDOW_MS - 60_000));
    await failTimes(LOGIN_MAX_FAILURES, () => ({ email: target.email, password: "guess", address: uniqueAddress() }));
    setClockOffset(0);
    expect(await authenticate({ email: target.email, password: TEST_PASSWORD, address: uniqueAddress() })).toEqual(RATE_LIMITED);
  });

  it("deletes failures older than two windows", async () => {
    const old = await createWriter();
    await db().insert(loginFailures).values({ email: old.email, address: uniqueAddress(), at: new Date(Date.now() - 3 * LOGIN_WINDOW_MS) });
    expect(await failuresFor(old.email)).toHaveLength(1);
    expect(await authenticate({ email: uniqueEmail("trigger"), password: "x", address: uniqueAddress() })).toEqual(INVALID);
    expect(await failuresFor(old.email)).toEqual([]);
  });
});
