import "server-only";
/**
 * People managing their own account: changing their password (which ends
 * their other sessions) and choosing a new one from an emailed link when they
 * forgot it (docs/architecture.md, "Accounts").
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, count, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { mailMessages, passwordResets, sessions, users } from "@/db/schema";
import { hashPassword, newPasswordProblem, PASSWORD_MAX_LENGTH, verifyPassword } from "@/lib/passwords";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { normalizeEmail } from "./authentication";
import { now } from "./clock";
import { DomainError, invalid } from "./errors";
import { escapeHtml } from "./mail";
import { kickMailDispatch } from "./mail-outbox";
import { hashAddress } from "./reader-reports";
import { endUserSessions } from "./sessions";
import { absoluteUrl } from "./site-url";

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 30;
/** Requests per account, and per address, within RESET_WINDOW_MS. */
export const RESET_MAX_PER_ACCOUNT = 3;
export const RESET_MAX_PER_ADDRESS = 10;
export const RESET_WINDOW_MS = 60 * 60 * 1000;

const tooLong = (value: string) => value.length > PASSWORD_MAX_LENGTH;

/**
 * Changes the actor's password: the current one must be given. Every other
 * session of theirs ends (a browser left signed in elsewhere, or someone who
 * learnt the old password); `sessionId`, the one asking, stays.
 */
export async function changePassword({
  actor,
  sessionId,
  input,
}: {
  actor: Actor;
  sessionId: string | null;
  input: { currentPassword: string; newPassword: string };
}): Promise<void> {
  const db = await getDb();
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.id));
  if (!input.currentPassword) throw invalid("Check the highlighted fields", { currentPassword: "Enter your current password" });
  if (!user || tooLong(input.currentPassword) || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw invalid("Check the highlighted fields", { currentPassword: "This is not your current password" });
  }
  const problem = await newPasswordProblem(input.newPassword, { email: actor.email });
  if (problem) throw invalid("Check the highlighted fields", { newPassword: problem });
  if (input.newPassword === input.currentPassword) throw invalid("Check the highlighted fields", { newPassword: "Choose a password other than your current one" });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, actor.id));
    await tx
      .update(sessions)
      .set({ endedAt: now() })
      .where(and(eq(sessions.userId, actor.id), isNull(sessions.endedAt), sessionId ? ne(sessions.id, sessionId) : undefined));
    await recordAudit(tx, { actorId: actor.id, action: "user.password_changed", entityType: "user", entityId: actor.id });
  });
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * "Forgot password?": emails a link to choose a new password to the account
 * with this address, if there is one and it may sign in. The caller answers
 * the same whatever happened (whether the address has an account is nobody's
 * business). Limited per account and per address: over the limit nothing is
 * sent, and the answer is still the same.
 */
export async function requestPasswordReset({ email, address }: { email: string; address: string }): Promise<void> {
  const normalized = normalizeEmail(email);
  if (!normalized || normalized.length > 320) return;
  const db = await getDb();
  const at = now();
  const since = new Date(at.getTime() - RESET_WINDOW_MS);
  const addressHash = hashAddress(address);
  const [[byAccount], [byAddress]] = await Promise.all([
    db.select({ n: count() }).from(passwordResets).where(and(eq(passwordResets.email, normalized), gt(passwordResets.createdAt, since))),
    db.select({ n: count() }).from(passwordResets).where(and(eq(passwordResets.addressHash, addressHash), gt(passwordResets.createdAt, since))),
  ]);
  if ((byAccount?.n ?? 0) >= RESET_MAX_PER_ACCOUNT || (byAddress?.n ?? 0) >= RESET_MAX_PER_ADDRESS) return;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(sql`lower(${users.email}) = ${normalized}`, isNull(users.disabledAt)));
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(at.getTime() + RESET_LINK_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({
      userId: user?.id ?? null,
      email: normalized,
      tokenHash: user ? tokenHash(token) : null,
      addressHash,
      createdAt: at,
      expiresAt,
    });
    if (!user) return;
    const link = absoluteUrl(`/reset-password?token=${token}`);
    const text = `Hello ${user.name},\n\nSomeone (we hope you) asked to choose a new password for your Factdesk account. This link works once, for ${RESET_LINK_MINUTES} minutes:\n\n${link}\n\nIf it was not you, ignore this email: your password stays as it is.\n`;
    const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><p>Hello ${escapeHtml(user.name)},</p><p>Someone (we hope you) asked to choose a new password for your Factdesk account. This link works once, for ${RESET_LINK_MINUTES} minutes:</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>If it was not you, ignore this email: your password stays as it is.</p></body></html>`;
    await tx.insert(mailMessages).values({
      id: randomUUID(),
      idempotencyKey: `password_reset:${tokenHash(token)}`,
      userId: user.id,
      kind: "password_reset",
      toAddress: user.email,
      subject: "Choose a new Factdesk password",
      textBody: text,
      htmlBody: html,
      createdAt: at,
    });
  });
  if (user) kickMailDispatch();
}

const linkRefused = () => new DomainError("invalid", "This link is not valid any more: it works once, for 30 minutes. Ask for a new one.");

/** Whether a reset link can still be used (the page shows the form only then). */
export async function resetLinkUsable({ token }: { token: string }): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const db = await getDb();
  const [row] = await db
    .select({ id: passwordResets.id })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now())));
  return !!row;
}

/** Sets a new password from a reset link: once, within 30 minutes; every session of the account ends. */
export async function resetPassword({ token, newPassword }: { token: string; newPassword: string }): Promise<void> {
  if (!token || token.length > 200) throw linkRefused();
  const db = await getDb();
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenHash(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now()), isNull(users.disabledAt)));
  if (!row) throw linkRefused();
  const problem = await newPasswordProblem(newPassword, { email: row.email });
  if (problem) throw invalid("Check the highlighted fields", { newPassword: problem });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    // Used once: of two submissions at once, one claims the link.
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: now() })
      .where(and(eq(passwordResets.id, row.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (claimed.length === 0) throw linkRefused();
    await tx.update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, row.userId!));
    await endUserSessions(tx, { userId: row.userId! });
    await recordAudit(tx, { actorId: row.userId!, action: "user.password_reset", entityType: "user", entityId: row.userId! });
  });
}
