import "server-only";
/**
 * Who may do what to a fact-check: the one place that says it, in two forms
 * that must always agree (test/integration/fact-check-policy.test.ts walks
 * both over every kind of person):
 *
 * - `can(actor, action, check)` decides for one check already loaded;
 * - `allowedRows(actor, action)` is the same rule as a SQL condition, for
 *   queries that list or count checks (the desk, the inbox, "cited in").
 *
 * The people around a check:
 * - its writers: the owner, the assignee, and its co-writers
 *   (fact_check_collaborators). Every writer may do what the owner may; only
 *   the owner can never be removed (lib/server/collaborators.ts);
 * - editors and admins, who may see and change every check;
 * - reviewers it was sent to, in any round, who may read it and comment.
 * Everyone else gets "not found", never "forbidden": a draft is not revealed.
 *
 * Workflow steps (submit, approve, publish…) are the state machine's
 * (workflow.ts), which takes "writer" from here: a writer is the author party.
 */
import { and, eq, getTableColumns, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { factChecks, type FactCheckRow } from "@/db/schema";
import { hasRole } from "@/lib/roles";
import type { Actor } from "@/lib/server/actor";

export type FactCheckAction =
  /** See it at all: its editor or review page, comments, activity, the API's read. */
  | "view"
  /** Work on it as one of its writers or an editor: the editor page (read-only once published), the writers' view of the inbox. */
  | "write"
  /** Change its content now (a check in review or approved may be changed: that withdraws the review). */
  | "update"
  /** Add and remove co-writers. */
  | "share";

/** What a decision needs beyond the check's own columns. */
export type FactCheckPeople = {
  /** Co-writers, oldest first. */
  collaboratorIds: string[];
  /** Everyone ever asked to review it, in any round. */
  reviewerIds: string[];
};

type WriterFacts = Pick<FactCheckRow, "ownerId" | "assigneeId" | "status"> & { collaboratorIds: readonly string[] };
type ViewFacts = WriterFacts & { reviewerIds: readonly string[] };

/** Everyone who writes the check: owner, assignee, co-writers (no repeats). */
export function writersOf(check: Pick<WriterFacts, "ownerId" | "assigneeId" | "collaboratorIds">): string[] {
  return [...new Set([check.ownerId, ...(check.assigneeId ? [check.assigneeId] : []), ...check.collaboratorIds])];
}

export function isWriter(userId: string, check: Pick<WriterFacts, "ownerId" | "assigneeId" | "collaboratorIds">): boolean {
  return check.ownerId === userId || check.assigneeId === userId || check.collaboratorIds.includes(userId);
}

export function can(actor: Actor, action: "view", check: ViewFacts): boolean;
export function can(actor: Actor, action: Exclude<FactCheckAction, "view">, check: WriterFacts): boolean;
export function can(actor: Actor, action: FactCheckAction, check: WriterFacts & { reviewerIds?: readonly string[] }): boolean {
  const writes = hasRole(actor.role, "editor") || isWriter(actor.id, check);
  switch (action) {
    case "view":
      return writes || check.reviewerIds!.includes(actor.id);
    case "write":
    case "share":
      return writes;
    case "update":
      return writes && check.status !== "published";
  }
}

/**
 * What a live editor's connection may do (lib/server/live-server.ts): write
 * while the check is a draft the actor may update; only read for everyone
 * else who may see it (its reviewers; its writers and editors while it is in
 * review, approved or published, since live typing must never withdraw a
 * review); null for anyone who may not see it.
 */
export function liveAccess(actor: Actor, check: ViewFacts): "write" | "read" | null {
  if (!can(actor, "view", check)) return null;
  return check.status === "draft" && can(actor, "update", check) ? "write" : "read";
}

/*
 * The subqueries below name their tables and the outer check by hand: inside a
 * select list drizzle writes columns without their table, and `"id"` within a
 * subquery on review_requests would be that table's own id.
 */
const checkId = sql.raw(`"fact_checks"."id"`);
// `id = any(array(…))`, not `exists (…)`: the array is computed once per query, and the
// whole condition stays an OR of index scans (owner, assignee, this list) on a long table.
const coWrites = (userId: string) =>
  sql`${checkId} = any(array(select c.fact_check_id from fact_check_collaborators c where c.user_id = ${userId}))`;
const wasSentForReview = (userId: string) =>
  sql`${checkId} = any(array(select r.fact_check_id from review_requests r where r.reviewer_id = ${userId}))`;

/** Checks `userId` writes (owns, is assigned to or co-writes): the desk's "your fact-checks". */
export function writtenBy(userId: string): SQL {
  return or(
    eq(factChecks.ownerId, userId),
    eq(factChecks.assigneeId, userId),
    coWrites(userId),
  )!;
}

/** `can` as a condition on `fact_checks` rows: where it, select it as a boolean, count it. */
export function allowedRows(actor: Actor, action: FactCheckAction): SQL {
  const writes = hasRole(actor.role, "editor") ? sql`true` : writtenBy(actor.id);
  switch (action) {
    case "view":
      return or(writes, wasSentForReview(actor.id))!;
    case "write":
    case "share":
      return writes;
    case "update":
      return and(writes, ne(factChecks.status, "published"))!;
  }
}

/** The rows the actor may see at all. */
export const visibleTo = (actor: Actor): SQL => allowedRows(actor, "view");

/** Columns that load a check's people with it, in the same query. */
export const peopleColumns = {
  collaboratorIds: sql<string[]>`array(select c.user_id from fact_check_collaborators c where c.fact_check_id = ${checkId} order by c.added_at, c.user_id)`,
  reviewerIds: sql<string[]>`array(select distinct r.reviewer_id from review_requests r where r.fact_check_id = ${checkId})`,
};

export type FactCheckWithPeople = FactCheckRow & FactCheckPeople;

/**
 * One check with its people, in one query; `lock` takes the row lock, so steps
 * that read who writes or reviews it (submit, sharing) run one after the other.
 */
export async function loadFactCheck(db: Db, { id, lock = false }: { id: string; lock?: boolean }): Promise<FactCheckWithPeople | undefined> {
  const query = db
    .select({ ...getTableColumns(factChecks), ...peopleColumns })
    .from(factChecks)
    .where(eq(factChecks.id, id))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: factChecks }) : await query;
  return row;
}
