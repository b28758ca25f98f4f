import "server-only";
/**
 * Writing emails: with the notifications that cause them, in the same
 * transaction, one row per message in `mail_messages` (its idempotency key
 * makes a second impossible). Delivery happens later, in jobs
 * (lib/server/mail.ts): the action that caused an email never waits for SMTP.
 */
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { mailMessages, mailPreferences } from "@/db/schema";
import { MAIL_KINDS, mailKindOfNotification, type MailDelivery, type MailKind } from "@/lib/mail-kinds";
import { sendJob } from "./job-queue";

/** The job that queues a delivery for each email written since it last ran (lib/server/jobs.ts). */
export const MAIL_DISPATCH_JOB = "mail-dispatch";

/** How `userIds` get each kind of email: their choice, else the kind's default. */
export async function mailDeliveries(db: Db, userIds: readonly string[]): Promise<(userId: string, kind: MailKind) => MailDelivery> {
  const rows = userIds.length ? await db.select().from(mailPreferences).where(inArray(mailPreferences.userId, [...new Set(userIds)])) : [];
  const chosen = new Map(rows.map((r) => [`${r.userId}\u0000${r.kind}`, r.delivery as MailDelivery]));
  return (userId, kind) => chosen.get(`${userId}\u0000${kind}`) ?? MAIL_KINDS[kind].defaultDelivery;
}

/**
 * Writes an email for each new notification whose person gets its kind at
 * once (the daily digest collects the others). `mail: false` keeps one out
 * (a source that is live again is news for the inbox, not for an email).
 */
export async function queueNotificationEmails(db: Db, notifications: { id: string; userId: string; kind: string; mail?: boolean }[]): Promise<void> {
  const candidates = notifications.flatMap((n) => {
    const kind = n.mail === false ? null : mailKindOfNotification(n.kind);
    return kind ? [{ ...n, mailKind: kind }] : [];
  });
  if (candidates.length === 0) return;
  const deliveryOf = await mailDeliveries(db, candidates.map((c) => c.userId));
  const immediate = candidates.filter((c) => deliveryOf(c.userId, c.mailKind) === "immediate");
  if (immediate.length === 0) return;
  await db
    .insert(mailMessages)
    .values(
      immediate.map((c) => ({
        id: randomUUID(),
        idempotencyKey: `notification:${c.id}`,
        userId: c.userId,
        kind: c.mailKind,
        notificationId: c.id,
      })),
    )
    .onConflictDoNothing();
  kickMailDispatch();
}

/**
 * Asks for a dispatch soon. The dispatcher sees only committed rows, so it
 * runs a second later, after the caller's transaction; if this process stops
 * before then, the dispatch scheduled every minute sends them.
 */
export function kickMailDispatch(): void {
  setTimeout(() => {
    sendJob(MAIL_DISPATCH_JOB, {}, { startAfterSeconds: 1 }).catch(() => {
      // The scheduled dispatch sends them.
    });
  }, 0).unref();
}

