import "server-only";
/**
 * The fact-check state machine. Every change of a check's status goes through
 * `authorizeTransition` and `applyTransition` here: one table says which party
 * may take which action from which state, and everything else is refused with
 * 403 (not yours to do) or 409 (not now), before anything is written.
 *
 * To add an action (publishing adds `publish` and `start_refresh`): extend
 * `WorkflowAction`, add its rows to TRANSITIONS and its messages to DENIALS.
 */
import { and, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, factChecks, reviewRequests, revisions, users, type FactCheckRow, type RevisionRow } from "@/db/schema";
import { hasRole, type Role } from "@/lib/roles";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { contentHash, contentOf } from "./content";
import { DomainError, forbidden, notFound } from "./errors";
import { notify } from "./notifications";
import { can, loadFactCheck, partyOf, type FactCheckWithPeople, type Party } from "./policies/fact-check";
import { LEAST_ROLE } from "./policies/newsroom";
import { readOncePerRender } from "./render-reads";

export type FactCheckState = FactCheckRow["status"];

export type WorkflowAction = "submit" | "approve" | "request_changes" | "withdraw" | "publish" | "start_refresh";

/** How the actor stands to the check, worked out per request (policies/fact-check.ts, `partyOf`). */
export type { Party };

export const PARTIES: Party[] = ["author", "reviewer", "editor", "other"];
export const STATES: FactCheckState[] = ["draft", "in_review", "approved", "published"];
export const ACTIONS: WorkflowAction[] = ["submit", "approve", "request_changes", "withdraw", "publish", "start_refresh"];

export type Transition = {
  action: WorkflowAction;
  from: FactCheckState;
  by: Party[];
  to: FactCheckState;
  /** The least role the actor must hold, whatever their party. */
  minRole?: Role;
  /** When the move to `to` is conditional (shown in docs/review.md). */
  note?: string;
};

/** The table. A (state, action, party) with no row is refused. */
export const TRANSITIONS: readonly Transition[] = [
  { action: "submit", from: "draft", by: ["author"], to: "in_review" },
  {
    action: "approve",
    from: "in_review",
    by: ["reviewer"],
    to: "approved",
    minRole: LEAST_ROLE.review,
    note: "stays in_review until every requested reviewer has approved the same revision",
  },
  { action: "request_changes", from: "in_review", by: ["reviewer"], to: "draft", minRole: LEAST_ROLE.review },
  { action: "withdraw", from: "in_review", by: ["author", "editor"], to: "draft", note: "on the first edit of a check in review" },
  { action: "withdraw", from: "approved", by: ["author", "editor"], to: "draft", note: "on the first edit of an approved check" },
  // Publishing (lib/server/publishing.ts): editors and admins, whoever wrote or reviewed the check.
  {
    action: "publish",
    from: "approved",
    by: ["author", "reviewer", "editor"],
    to: "published",
    minRole: LEAST_ROLE.publish,
    note: "only the approved revision, when its content hash matches the check's content",
  },
  {
    action: "start_refresh",
    from: "published",
    by: ["author", "reviewer", "editor"],
    to: "draft",
    minRole: LEAST_ROLE.publish,
    note: "a new draft copied from the live version; the live version stays up",
  },
];

/** Refusals: 409 when the state is wrong ("not now"), 403 when the party is ("not you"). */
const DENIALS: Record<WorkflowAction, { state: Partial<Record<FactCheckState, string>>; party: Partial<Record<Party, string>> }> = {
  submit: {
    state: {
      in_review: "This check is already in review",
      approved: "This check is already approved; edit it first to submit a new revision",
      published: "This check is published; start a refresh to change it",
    },
    party: {
      reviewer: "Only the check's writer can submit it for review",
      editor: "Only the check's writer can submit it for review",
      other: "Only the check's writer can submit it for review",
    },
  },
  approve: {
    state: {
      draft: "This check is not in review",
      approved: "This check is already approved",
      published: "This check is already published",
    },
    party: {
      author: "You cannot review your own fact-check",
      editor: "This fact-check was not sent to you for review",
      other: "This fact-check was not sent to you for review",
    },
  },
  request_changes: {
    state: {
      draft: "This check is not in review",
      approved: "This check is already approved; edit it to withdraw the approval",
      published: "This check is already published",
    },
    party: {
      author: "You cannot review your own fact-check",
      editor: "This fact-check was not sent to you for review",
      other: "This fact-check was not sent to you for review",
    },
  },
  withdraw: {
    state: {
      draft: "This check is not in review",
      published: "This check is published; start a refresh to change it",
    },
    party: {
      reviewer: "Reviewers comment on a draft; only its writer or an editor can edit it",
      other: "You cannot edit this fact-check",
    },
  },
  publish: {
    state: {
      draft: "Only an approved check can be published; this one is a draft",
      in_review: "This check is still in review; it can be published once every reviewer approves",
      published: "This check is already published; start a refresh to change it",
    },
    party: { other: "Only editors and admins publish" },
  },
  start_refresh: {
    state: {
      draft: "A refresh can start only from a published check; this one is a draft (a refresh may already be open)",
      in_review: "This check is in review; a refresh can start only from a published check",
      approved: "This check is approved and waits to be published",
    },
    party: { other: "Only editors and admins start refreshes" },
  },
};

export type Decision = { ok: true; transition: Transition } | { ok: false; status: 403 | 409; message: string };

/** Pure: what the table says about one (state, action, party, role). */
export function decide(state: FactCheckState, action: WorkflowAction, party: Party, role: Role): Decision {
  const rows = TRANSITIONS.filter((t) => t.action === action && t.by.includes(party));
  if (rows.length === 0) {
    return { ok: false, status: 403, message: DENIALS[action].party[party] ?? "You are not allowed to do this" };
  }
  const row = rows.find((t) => t.from === state);
  if (!row) {
    return { ok: false, status: 409, message: DENIALS[action].state[state] ?? `This cannot be done while the check is ${state}` };
  }
  if (row.minRole && !hasRole(role, row.minRole)) {
    return { ok: false, status: 403, message: `This needs the ${row.minRole} role; an admin can change yours` };
  }
  return { ok: true, transition: row };
}

// ---------------------------------------------------------------------------
// Loading a check with what the workflow needs to know about it

export type WorkflowContext = {
  check: FactCheckWithPeople;
  /** The latest submitted revision, if the check was ever submitted. */
  revision: RevisionRow | null;
  /** Live (not withdrawn) requests for that revision. */
  requests: (typeof reviewRequests.$inferSelect)[];
  party: Party;
};

/**
 * Loads a check for a workflow step. A check the actor may not see is "not
 * found", as everywhere else.
 *
 * One change at a time per check: every transaction that changes a check (an
 * edit, each step of the workflow, a comment) loads it with `lock` and decides
 * from the row it gets. The row lock is held until the transaction ends, so the
 * next change on the check waits, then reads what this one committed. Under
 * READ COMMITTED, a decision taken from an earlier read, or from a write
 * condition on `version` alone, could act on a state that had moved meanwhile
 * (a save acknowledged on a check that was being published).
 */
export async function loadWorkflowContext(
  db: Db,
  { actor, id, lock = false }: { actor: Actor; id: string; lock?: boolean },
): Promise<WorkflowContext> {
  const check = await loadFactCheck(db, { id, lock });
  // Whoever may see a check may see its review (reviewers of any round too).
  if (!check || !can(actor, "view", check)) throw notFound("Fact-check not found");
  const { revision, requests } = lock ? await loadRound(db, id) : await readOncePerRender(db, `review-round:${id}`, () => loadRound(db, id));
  const party = partyOf(actor, check, requests.map((r) => r.reviewerId));
  return { check, revision, requests, party };
}

/** A check's latest submitted revision and that revision's live requests. */
async function loadRound(db: Db, id: string): Promise<Pick<WorkflowContext, "revision" | "requests">> {
  const [revision] = await db
    .select()
    .from(revisions)
    .where(eq(revisions.factCheckId, id))
    .orderBy(desc(revisions.version))
    .limit(1);
  const requests = revision
    ? await db
        .select()
        .from(reviewRequests)
        .where(and(eq(reviewRequests.revisionId, revision.id), ne(reviewRequests.state, "withdrawn")))
        .orderBy(reviewRequests.createdAt)
    : [];
  return { revision: revision ?? null, requests };
}

/** Refuses a step the table does not allow, with nothing written. */
export function authorizeTransition(
  ctx: { check: Pick<FactCheckRow, "status">; party: Party },
  action: WorkflowAction,
  actor: Actor,
): Transition {
  const decision = decide(ctx.check.status, action, ctx.party, actor.role);
  if (!decision.ok) {
    throw decision.status === 403 ? forbidden(decision.message) : new DomainError("conflict", decision.message);
  }
  return decision.transition;
}

/**
 * Moves the check to `to` (if it is still in `from`) and appends the audit entry,
 * in the caller's transaction. Notifications are the caller's, in the same transaction.
 */
export async function applyTransition(
  tx: Db,
  {
    actor,
    check,
    action,
    to,
    data = {},
  }: { actor: Actor; check: FactCheckRow; action: WorkflowAction; to: FactCheckState; data?: Record<string, unknown> },
): Promise<void> {
  if (to !== check.status) {
    const moved = await tx
      .update(factChecks)
      .set({ status: to })
      .where(and(eq(factChecks.id, check.id), eq(factChecks.status, check.status)))
      .returning({ id: factChecks.id });
    if (moved.length === 0) throw new DomainError("conflict", "This check changed state meanwhile. Reload and try again.");
  }
  await recordAudit(tx, {
    actorId: actor.id,
    action: `fact_check.${action}`,
    entityType: "fact_check",
    entityId: check.id,
    factCheckId: check.id,
    data: { from: check.status, to, ...data },
  });
}

// ---------------------------------------------------------------------------
// Editing a check that is in review or approved

/** How long a pause in editing starts a new edit session on the timeline. */
export const EDIT_SESSION_GAP_MS = 30 * 60 * 1000;

/**
 * Called by every edit (applyEdit in fact-checks.ts) inside its transaction, after the row is written
 * (which then re-anchors the check's comments: lib/server/comments.ts).
 * Withdraws the review (and any approvals) when the check was in review or
 * approved, and marks the start of an edit session on the timeline.
 */
export async function onFactCheckEdited(
  tx: Db,
  { actor, editors = [actor], after }: { actor: Actor; editors?: Actor[]; before: FactCheckRow; after: FactCheckRow },
): Promise<void> {
  if (after.status === "in_review" || after.status === "approved") {
    await withdrawReview(tx, { actor, check: after });
  }
  // A live store holds the edits of everyone who typed since the last one.
  for (const editor of new Map(editors.map((e) => [e.id, e])).values()) await recordEditSession(tx, { actor: editor, check: after });
}

/** Takes a check in review or approved back to draft (its writers or an editor), in the caller's transaction. */
export async function withdrawReview(tx: Db, { actor, check }: { actor: Actor; check: FactCheckRow }): Promise<void> {
  const ctx = await loadWorkflowContext(tx, { actor, id: check.id });
  const transition = authorizeTransition({ ...ctx, check }, "withdraw", actor);
  const withdrawn = ctx.requests.filter((r) => r.state === "pending" || r.state === "approved");
  if (withdrawn.length) {
    await tx
      .update(reviewRequests)
      .set({ state: "withdrawn", decidedAt: now() })
      .where(inArray(reviewRequests.id, withdrawn.map((r) => r.id)));
  }
  await applyTransition(tx, {
    actor,
    check,
    action: "withdraw",
    to: transition.to,
    data: {
      revision: ctx.revision?.version ?? null,
      withdrawnApprovals: withdrawn.filter((r) => r.state === "approved").length,
      withdrawnRequests: withdrawn.length,
    },
  });
  const what = check.status === "approved" ? "approved" : "in review";
  await notify(
    tx,
    withdrawn
      .filter((r) => r.reviewerId !== actor.id)
      .map((r) => ({
        userId: r.reviewerId,
        kind: "review_withdrawn" as const,
        factCheckId: check.id,
        actorId: actor.id,
        message: `${actor.name} edited “${check.question}” while it was ${what}; your review request was withdrawn`,
      })),
  );
}

async function recordEditSession(tx: Db, { actor, check }: { actor: Actor; check: FactCheckRow }): Promise<void> {
  const since = new Date(now().getTime() - EDIT_SESSION_GAP_MS);
  const [recent] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.factCheckId, check.id),
        eq(auditLog.actorId, actor.id),
        eq(auditLog.action, "fact_check.edited"),
        gte(auditLog.at, since),
      ),
    )
    .limit(1);
  if (recent) return;
  await recordAudit(tx, {
    actorId: actor.id,
    action: "fact_check.edited",
    entityType: "fact_check",
    entityId: check.id,
    factCheckId: check.id,
    data: { version: check.version },
  });
}

// ---------------------------------------------------------------------------
// What publishing relies on

/**
 * The revision an approved check may be published from. Holds only when the
 * check is `approved`, every live request for its latest revision is approved,
 * and that revision's content is exactly the check's current content.
 * Otherwise 409, and the caller must not publish.
 */
export async function getApprovedRevision(tx: Db, factCheckId: string): Promise<RevisionRow> {
  const [check] = await tx.select().from(factChecks).where(eq(factChecks.id, factCheckId)).limit(1);
  if (!check) throw notFound("Fact-check not found");
  if (check.status !== "approved") throw new DomainError("conflict", "Only an approved check can be published");
  const [revision] = await tx
    .select()
    .from(revisions)
    .where(eq(revisions.factCheckId, factCheckId))
    .orderBy(desc(revisions.version))
    .limit(1);
  if (!revision) throw new DomainError("conflict", "This check has no submitted revision");
  const requests = await tx
    .select({ state: reviewRequests.state })
    .from(reviewRequests)
    .where(and(eq(reviewRequests.revisionId, revision.id), ne(reviewRequests.state, "withdrawn")));
  if (requests.length === 0 || requests.some((r) => r.state !== "approved")) {
    throw new DomainError("conflict", "Not every reviewer has approved this revision");
  }
  if (revision.contentHash !== contentHash(contentOf(check))) {
    throw new DomainError("conflict", "The check changed after it was approved; it needs a new review");
  }
  return revision;
}

/** Names for user ids, in one query. */
export async function userNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
