import "server-only";
/**
 * A check's activity timeline: its history read from the append-only audit
 * log, each entry put in words, for whoever may see the check.
 */
import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { auditLog, users } from "@/db/schema";
import { excerpt } from "@/lib/excerpt";
import type { Actor } from "./actor";
import { loadWorkflowContext } from "./workflow";

export type ActivityDto = { id: number; at: string; actorName: string | null; action: string; text: string };

function describe(action: string, data: Record<string, unknown> | null): string {
  const d = data ?? {};
  const rev = typeof d.revision === "number" ? ` revision ${d.revision}` : "";
  switch (action) {
    case "fact_check.created":
      return "created the check";
    case "fact_check.edited":
      return "started an edit session";
    case "fact_check.submit": {
      const n = Array.isArray(d.reviewerIds) ? d.reviewerIds.length : 0;
      return `submitted${rev} for review to ${n} reviewer${n === 1 ? "" : "s"}${d.note ? ` — “${excerpt(String(d.note), 200)}”` : ""}`;
    }
    case "fact_check.approve":
      return d.to === "approved"
        ? `approved${rev}; every reviewer has approved — status approved`
        : `approved${rev} (waiting for ${String(d.waitingFor ?? "more")} more)`;
    case "fact_check.request_changes":
      return `requested changes to${rev} — status back to draft`;
    case "fact_check.withdraw":
      return `edited the check while it was ${d.from === "approved" ? "approved" : "in review"}: review withdrawn${
        d.withdrawnApprovals ? ` (${String(d.withdrawnApprovals)} approval${d.withdrawnApprovals === 1 ? "" : "s"} withdrawn)` : ""
      } — status back to draft`;
    case "fact_check.collaborator_added":
      return `added ${String(d.name ?? "someone")} as a co-writer`;
    case "fact_check.collaborator_removed":
      return `removed ${String(d.name ?? "someone")} as a co-writer`;
    case "comment.created":
      return d.reply ? "replied to a comment" : d.quote ? `commented on “${excerpt(String(d.quote), 80)}”` : "commented";
    case "comment.resolved":
      return "resolved a comment";
    case "comment.reopened":
      return "reopened a comment";
    default: {
      const [, verb] = action.split(".");
      return (verb ?? action).replace(/_/g, " ") + (typeof d.from === "string" && typeof d.to === "string" && d.from !== d.to ? ` — status ${d.from} → ${d.to}` : "");
    }
  }
}

/** The check's history from the append-only audit log, oldest first. */
export async function listActivity({ actor, id, limit = 500 }: { actor: Actor; id: string; limit?: number }): Promise<ActivityDto[]> {
  const db = await getDb();
  await loadWorkflowContext(db, { actor, id });
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, data: auditLog.data, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.factCheckId, id))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.reverse().map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorName: r.actorName,
    action: r.action,
    text: describe(r.action, r.data),
  }));
}
