import "server-only";
/**
 * The inbox: the actor's notifications, newest first, each with where to open
 * it, as far as the actor may still see the check it is about
 * (policies/fact-check.ts).
 */
import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { factChecks, notifications, users } from "@/db/schema";
import type { Actor } from "./actor";
import { allowedRows } from "./policies/fact-check";

export type InboxItem = {
  id: string;
  kind: string;
  message: string;
  read: boolean;
  createdAt: string;
  actorName: string | null;
  /** Where to open it: the review page for reviewers, the editor for the check's writers. */
  href: string | null;
};

export async function listInbox({ actor, limit = 100 }: { actor: Actor; limit?: number }): Promise<InboxItem[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      message: notifications.message,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      factCheckId: notifications.factCheckId,
      // Null when the check is gone; false when the actor may no longer see it (a co-writer removed since).
      visible: sql<boolean | null>`${allowedRows(actor, "view")}`,
      writes: sql<boolean | null>`${allowedRows(actor, "write")}`,
      actorName: users.name,
    })
    .from(notifications)
    .leftJoin(factChecks, eq(factChecks.id, notifications.factCheckId))
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(eq(notifications.userId, actor.id))
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  return rows.map((r) => {
    const toReview = r.kind === "review_requested" || r.kind === "review_withdrawn" || !r.writes;
    return {
      id: r.id,
      kind: r.kind,
      message: r.message,
      read: !!r.readAt,
      createdAt: r.createdAt.toISOString(),
      actorName: r.actorName,
      href: r.factCheckId && r.visible ? `/desk/fact-checks/${r.factCheckId}${toReview ? "/review" : ""}` : null,
    };
  });
}
