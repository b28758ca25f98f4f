import "server-only";
import { and, eq, gt, or, sql, lt } from "drizzle-orm";
import { getDb } from "@/db";
import { loginFailures, users } from "@/db/schema";
import { dummyPasswordHash, verifyPassword } from "@/lib/passwords";
import { now } from "./clock";
import { LOCKS, lockForTransaction } from "./locks";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

export type AuthResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "rate_limited" };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a sign-in. Failures are recorded in the database, so the limit holds
 * across app instances; after LOGIN_MAX_FAILURES failures within the window for
 * one account or one address, every attempt is refused until the window passes.
 * Unknown emails, wrong passwords and disabled accounts fail the same way and
 * take the same time.
 *
 * An attempt counts as a failure from the moment it starts and stops counting
 * if the password was right: checked and recorded together under a lock per
 * account and per address, so a burst of parallel guesses (from any number of
 * instances) gets no more through than the limit.
 */
export async function authenticate({
  email,
  password,
  address,
}: {
  email: string;
  password: string;
  address: string;
}): Promise<AuthResult> {
  // PostgreSQL stores no NUL character: such an email cannot exist, and would fail the query.
  if (email.includes("\u0000") || password.includes("\u0000")) return { ok: false, reason: "invalid" };
  const db = await getDb();
  const normalized = normalizeEmail(email).slice(0, 320);
  const since = new Date(now().getTime() - LOGIN_WINDOW_MS);

  const attemptId = await db.transaction(async (tx) => {
    // Always in this order (account, then address), so two attempts never wait on each other's second lock.
    await lockForTransaction(tx, LOCKS.signInAccount, normalized);
    await lockForTransaction(tx, LOCKS.signInAddress, address);
    const [counts] = await tx
      .select({
        byEmail: sql<number>`count(*) filter (where ${loginFailures.email} = ${normalized})`.mapWith(Number),
        byAddress: sql<number>`count(*) filter (where ${loginFailures.address} = ${address})`.mapWith(Number),
      })
      .from(loginFailures)
      .where(and(gt(loginFailures.at, since), or(eq(loginFailures.email, normalized), eq(loginFailures.address, address))));
    if ((counts?.byEmail ?? 0) >= LOGIN_MAX_FAILURES || (counts?.byAddress ?? 0) >= LOGIN_MAX_FAILURES) return null;
    const [attempt] = await tx.insert(loginFailures).values({ email: normalized, address, at: now() }).returning({ id: loginFailures.id });
    return attempt!.id;
  });
  if (!attemptId) return { ok: false, reason: "rate_limited" };

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${normalized}`)
    .limit(1);

  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (user && valid && !user.disabledAt) {
    await db.delete(loginFailures).where(eq(loginFailures.id, attemptId));
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }

  // Keep the table small: old failures no longer count for anything.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now().getTime() - 2 * LOGIN_WINDOW_MS)));
  return { ok: false, reason: "invalid" };
}
