import "server-only";
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { notifications } from "@/db/schema";
import type { Actor } from "./actor";
import { now } from "./clock";
import { queueNotificationEmails } from "./mail-outbox";


export type NotificationKind =
  | "review_requested"
  | "changes_requested"
  | "approved"
  | "published"
  | "refresh_due"
  | "refresh_assigned"
  | "source_changed"
  | "comment"
  | "review_withdrawn"
  | "assigned"
  | "collaborator_added"
  | "collaborator_removed";

/**
 * Queues inbox items inside the caller's transaction (written with the change
 * that caused them), and the emails of those their people get at once
 * (lib/server/mail-outbox.ts); `mail: false` keeps an item out of email.
 */
export async function notify(
  tx: Db,
  items: { userId: string; kind: NotificationKind; message: string; factCheckId?: string | null; actorId?: string | null; mail?: boolean }[],
): Promise<void> {
  if (items.length === 0) return;
  const at = now();
  const rows = await tx
    .insert(notifications)
    .values(items.map((item) => ({ userId: item.userId, kind: item.kind, message: item.message, factCheckId: item.factCheckId, actorId: item.actorId, createdAt: at })))
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind });
  await queueNotificationEmails(
    tx,
    rows.map((row, i) => ({ ...row, mail: items[i]!.mail })),
  );
}

export type NotificationDto = {
  id: string;
  kind: string;
  message: string;
  factCheckId: string | null;
  read: boolean;
  createdAt: string;
};

export async function listNotifications({ actor, limit = 50 }: { actor: Actor; limit?: number }): Promise<NotificationDto[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, actor.id))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    message: r.message,
    factCheckId: r.factCheckId,
    read: !!r.readAt,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function countUnread({ actor }: { actor: Actor }): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/**
 * Whether the actor has an unread notification about one check: its page then
 * marks them read once shown (components/notifications/mark-check-read.tsx),
 * and asks nothing of the server when there is none.
 */
export async function hasUnreadAbout({ actor, factCheckId }: { actor: Actor; factCheckId: string }): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt), eq(notifications.factCheckId, factCheckId)))
    .limit(1);
  return row !== undefined;
}

/**
 * Marks the actor's unread notifications read: all, some by id, or those about
 * one check (once its page is shown to them). Returns how many it marked.
 */
export async function markNotificationsRead({
  actor,
  ids,
  factCheckId,
}: {
  actor: Actor;
  ids?: string[];
  factCheckId?: string;
}): Promise<number> {
  const db = await getDb();
  const marked = await db
    .update(notifications)
    .set({ readAt: now() })
    .where(
      and(
        eq(notifications.userId, actor.id),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
        factCheckId ? eq(notifications.factCheckId, factCheckId) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return marked.length;
}
