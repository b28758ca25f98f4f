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
import { readOncePerRender } from "../render-reads";
import { can as newsroomCan } from "./newsroom";

export type FactCheckAction =
  /** See it at all: its editor or review page, comments, activity, the API's read. */
  | "view"
  /** Work on it as one of its writers or an editor: the editor page (read-only once published), the writers' view of the inbox. */
  | "write"
  /** Change its content now (a check in review or approved may be changed: that withdraws the review). */
  | "update"
  /** Add and remove co-writers. */
  | "share"
  /** Answer its review now: it is in review and waits for this reviewer (the desk's "waiting for you"). */
  | "review"
  /** Publish it now: it is approved, and the actor publishes (policies/newsroom.ts). */
  | "publish";

/** What a decision needs beyond the check's own columns. */
export type FactCheckPeople = {
  /** Co-writers, oldest first. */
  collaboratorIds: string[];
  /** Everyone ever asked to review it, in any round. */
  reviewerIds: string[];
  /** Reviewers whose answer it waits for. */
  pendingReviewerIds: string[];
};

type WriterFacts = Pick<FactCheckRow, "ownerId" | "assigneeId" | "status"> & { collaboratorIds: readonly string[] };
type ViewFacts = WriterFacts & { reviewerIds: readonly string[] };
type ReviewFacts = Pick<FactCheckRow, "status"> & { pendingReviewerIds: readonly string[] };

/** Everyone who writes the check: owner, assignee, co-writers (no repeats). */
export function writersOf(check: Pick<WriterFacts, "ownerId" | "assigneeId" | "collaboratorIds">): string[] {
  return [...new Set([check.ownerId, ...(check.assigneeId ? [check.assigneeId] : []), ...check.collaboratorIds])];
}

export function isWriter(userId: string, check: Pick<WriterFacts, "ownerId" | "assigneeId" | "collaboratorIds">): boolean {
  return check.ownerId === userId || check.assigneeId === userId || check.collaboratorIds.includes(userId);
}

export function can(actor: Actor, action: "view", check: ViewFacts): boolean;
export function can(actor: Actor, action: "review", check: ReviewFacts): boolean;
export function can(actor: Actor, action: "publish", check: Pick<FactCheckRow, "status">): boolean;
export function can(actor: Actor, action: "write" | "update" | "share", check: WriterFacts): boolean;
export function can(actor: Actor, action: FactCheckAction, check: ViewFacts & ReviewFacts): boolean;
export function can(
  actor: Actor,
  action: FactCheckAction,
  check: Partial<WriterFacts> & Pick<FactCheckRow, "status"> & { reviewerIds?: readonly string[]; pendingReviewerIds?: readonly string[] },
): boolean {
  if (action === "review") return newsroomCan(actor, "review") && check.status === "in_review" && check.pendingReviewerIds!.includes(actor.id);
  if (action === "publish") return newsroomCan(actor, "publish") && check.status === "approved";
  const writes = hasRole(actor.role, "editor") || isWriter(actor.id, check as WriterFacts);
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

/**
 * How the actor stands to a check in the workflow (workflow.ts's table):
 * - author: one of its writers;
 * - reviewer: holds a live (not withdrawn) review request for the latest submitted revision;
 * - editor: an editor or admin who is neither of the above;
 * - other: anyone else who can see it (e.g. a reviewer of an earlier, withdrawn round).
 * A writer is always the author party, so never a reviewer of their own check.
 */
export type Party = "author" | "reviewer" | "editor" | "other";

export function partyOf(actor: Actor, check: WriterFacts, liveReviewerIds: readonly string[]): Party {
  if (isWriter(actor.id, check)) return "author";
  if (liveReviewerIds.includes(actor.id)) return "reviewer";
  return hasRole(actor.role, "editor") ? "editor" : "other";
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
const awaitsReviewFrom = (userId: string) =>
  sql`${checkId} = any(array(select r.fact_check_id from review_requests r where r.reviewer_id = ${userId} and r.state = 'pending'))`;

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
  if (action === "review") return newsroomCan(actor, "review") ? and(eq(factChecks.status, "in_review"), awaitsReviewFrom(actor.id))! : sql`false`;
  if (action === "publish") return newsroomCan(actor, "publish") ? eq(factChecks.status, "approved") : sql`false`;
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
  pendingReviewerIds: sql<string[]>`array(select r.reviewer_id from review_requests r where r.fact_check_id = ${checkId} and r.state = 'pending')`,
};

export type FactCheckWithPeople = FactCheckRow & FactCheckPeople;

/**
 * One check with its people, in one query; `lock` takes the row lock, so steps
 * that read who writes or reviews it (submit, sharing) run one after the other.
 */
export async function loadFactCheck(db: Db, { id, lock = false }: { id: string; lock?: boolean }): Promise<FactCheckWithPeople | undefined> {
  return lock ? queryFactCheck(db, id, true) : readOncePerRender(db, `fact-check:${id}`, () => queryFactCheck(db, id, false));
}

async function queryFactCheck(db: Db, id: string, lock: boolean): Promise<FactCheckWithPeople | undefined> {
  const query = db
    .select({ ...getTableColumns(factChecks), ...peopleColumns })
    .from(factChecks)
    .where(eq(factChecks.id, id))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: factChecks }) : await query;
  return row;
}

/** The two columns of a check's content that grow with it (a large check's are most of its row). */
export type LargeContent = Pick<FactCheckRow, "summary" | "sections">;

/** Every column of a check but those two. */
export const smallColumns = Object.fromEntries(
  Object.entries(getTableColumns(factChecks)).filter(([name]) => name !== "summary" && name !== "sections"),
) as Omit<ReturnType<typeof getTableColumns<typeof factChecks>>, keyof LargeContent>;

/**
 * `loadFactCheck` for a caller that holds a copy of the check's summary and
 * sections as of `known.version` (what it wrote itself): while the stored
 * version is that one, they are taken from the copy instead of being read;
 * otherwise the whole row is read, as `loadFactCheck` does. Every write of
 * either column raises the version, so an equal version is equal content.
 */
export async function loadFactCheckKnowing(
  db: Db,
  { id, lock = false, known }: { id: string; lock?: boolean; known: (LargeContent & { version: number }) | null },
): Promise<FactCheckWithPeople | undefined> {
  if (!known) return loadFactCheck(db, { id, lock });
  const query = db
    .select({ ...smallColumns, ...peopleColumns })
    .from(factChecks)
    .where(eq(factChecks.id, id))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: factChecks }) : await query;
  if (!row) return undefined;
  if (row.version !== known.version) return loadFactCheck(db, { id, lock });
  return { ...row, summary: known.summary, sections: known.sections };
}
