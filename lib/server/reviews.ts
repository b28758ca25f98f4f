import "server-only";
import { claimReviewGaps } from "@/lib/verdicts";
/**
 * Reviews: submitting a draft to reviewers, their decisions, the pre-approval
 * gate, and what the review page shows (its timeline is activity.ts's). Every status
 * change goes through the table in workflow.ts; each runs in one transaction
 * with its audit entry and notifications.
 */
import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import {
  comments,
  factChecks,
  reviewRequests,
  revisions,
  sources,
  users,
  type CheckContent,
  type FactCheckRow,
} from "@/db/schema";
import type { BlockNode, InlineNode, RichDoc } from "@/lib/document";
import { isDocEmpty } from "@/lib/document";
import { excerpt } from "@/lib/excerpt";
import { fieldErrors } from "@/lib/validation";
import { providedLiveServer } from "@/lib/live-endpoint.mjs";
import type { Actor } from "./actor";
import { now } from "./clock";
import { contentHash, contentOf } from "./content";
import { DomainError, invalid } from "./errors";
import { toDto, type FactCheckDto } from "./fact-checks";
import { publishLiveEvent } from "./live-events";
import { getVerdictScale } from "./verdicts";
import { notify } from "./notifications";
import { isWriter, writersOf, type FactCheckWithPeople } from "./policies/fact-check";
import { can as canInNewsroom } from "./policies/newsroom";
import { getLiveVersionContent } from "./publishing";
import { listStaff } from "./users";
import {
  applyTransition,
  authorizeTransition,
  loadWorkflowContext,
  userNames,
  withdrawReview,
  type Party,
} from "./workflow";

export const MAX_REVIEWERS = 10;

// ---------------------------------------------------------------------------
// The pre-approval gate

export type BlockerCode =
  | "unresolved_comments"
  | "dead_source"
  | "unreachable_source"
  | "retracted_source"
  | "no_sections"
  | "untitled_section"
  | "uncited_section"
  | "empty_summary"
  | "claim_review";

/**
 * One thing the gate lists. An `advisory` one (ClaimReview incomplete: no
 * claim, no verdict, a verdict off the newsroom's list) is listed before
 * approval but does not block it.
 */
export type Blocker = { code: BlockerCode; message: string; sectionId?: string; advisory?: true };

function citedIds(node: RichDoc | BlockNode | InlineNode, into: Set<string> = new Set()): Set<string> {
  if (node.type === "citation") into.add(node.attrs.sourceId);
  const children = ("content" in node && Array.isArray(node.content) ? node.content : []) as (BlockNode | InlineNode)[];
  for (const child of children) citedIds(child, into);
  return into;
}

/** Everything that must be fixed before the check can be approved (empty when nothing blocks). */
export async function computeBlockers(db: Db, check: FactCheckRow): Promise<Blocker[]> {
  const blockers: Blocker[] = [];
  const [{ open }] = await db
    .select({ open: count() })
    .from(comments)
    .where(and(eq(comments.factCheckId, check.id), eq(comments.kind, "comment"), isNull(comments.parentId), isNull(comments.resolvedAt)));
  if (open) {
    blockers.push({
      code: "unresolved_comments",
      message: open === 1 ? "1 comment is unresolved" : `${open} comments are unresolved`,
    });
  }
  if (isDocEmpty(check.summary)) blockers.push({ code: "empty_summary", message: "The executive summary is empty" });
  if (check.sections.length === 0) blockers.push({ code: "no_sections", message: "The check has no sections" });

  const where = new Map<string, string[]>();
  const cite = (doc: RichDoc, label: string) => {
    for (const id of citedIds(doc)) where.set(id, [...(where.get(id) ?? []), label]);
  };
  cite(check.summary, "the summary");
  check.sections.forEach((section, index) => {
    const label = `Section ${index + 1}`;
    if (!section.heading.trim()) {
      blockers.push({ code: "untitled_section", message: `${label} has no heading`, sectionId: section.id });
    }
    if (citedIds(section.body).size === 0) {
      const name = section.heading.trim() ? ` (“${section.heading.trim()}”)` : "";
      blockers.push({ code: "uncited_section", message: `${label}${name} cites no source`, sectionId: section.id });
    }
    cite(section.body, label);
  });

  if (where.size) {
    const bad = await db
      .select({ id: sources.id, title: sources.title, status: sources.status })
      .from(sources)
      .where(and(inArray(sources.id, [...where.keys()]), inArray(sources.status, ["dead", "retracted", "unreachable"])));
    for (const source of bad) {
      const places = where.get(source.id)!.join(", ");
      blockers.push({
        code: source.status === "dead" ? "dead_source" : source.status === "unreachable" ? "unreachable_source" : "retracted_source",
        message: `${places.charAt(0).toUpperCase()}${places.slice(1)} cites a ${source.status} source: “${source.title}”`,
      });
    }
  }
  for (const message of claimReviewGaps(check, await getVerdictScale(db))) blockers.push({ code: "claim_review", message, advisory: true });
  return blockers;
}

// ---------------------------------------------------------------------------
// Submit

const submitSchema = z
  .object({
    reviewerIds: z
      .array(z.string({ error: "Reviewer ids are strings" }).min(1).max(64), { error: "Choose at least one reviewer" })
      .min(1, "Choose at least one reviewer")
      .max(MAX_REVIEWERS, `Choose at most ${MAX_REVIEWERS} reviewers`),
    note: z
      .string()
      .trim()
      .max(2000, "The note must be at most 2000 characters")
      .transform((s) => (s.length ? s : null))
      .nullish(),
  })
  .strict();

export type ReviewStatusDto = {
  id: string;
  status: FactCheckRow["status"];
  revision: { id: string; version: number; contentHash: string } | null;
  /** `note`: what the reviewer wrote with their decision (null without one, or before deciding). */
  requests: { id: string; reviewerId: string; reviewerName: string; state: string; decidedAt: string | null; note: string | null }[];
};

async function statusDto(db: Db, check: FactCheckRow): Promise<ReviewStatusDto> {
  const [revision] = await db
    .select()
    .from(revisions)
    .where(eq(revisions.factCheckId, check.id))
    .orderBy(desc(revisions.version))
    .limit(1);
  const requests = revision
    ? await db
        .select({
          id: reviewRequests.id,
          reviewerId: reviewRequests.reviewerId,
          reviewerName: users.name,
          state: reviewRequests.state,
          decidedAt: reviewRequests.decidedAt,
          note: comments.body,
        })
        .from(reviewRequests)
        .innerJoin(users, eq(users.id, reviewRequests.reviewerId))
        .leftJoin(comments, and(eq(comments.reviewRequestId, reviewRequests.id), eq(comments.kind, "decision")))
        .where(eq(reviewRequests.revisionId, revision.id))
        .orderBy(asc(reviewRequests.createdAt))
    : [];
  return {
    id: check.id,
    status: check.status,
    revision: revision ? { id: revision.id, version: revision.version, contentHash: revision.contentHash } : null,
    requests: requests.map((r) => ({ ...r, decidedAt: r.decidedAt?.toISOString() ?? null })),
  };
}

/** A reviewer the writer may ask; `previous` when asked for the check's latest revision. */
export type ReviewerOptionDto = { id: string; name: string; email: string; previous: boolean };

/**
 * Whom the actor may ask to review a check: reviewers other than themselves and
 * the check's writers, each marked `previous` when asked to review its latest
 * revision (a resubmission starts with them chosen).
 */
async function listReviewerOptions({
  actor,
  check,
}: {
  actor: Actor;
  check: Pick<FactCheckDto, "id" | "ownerId" | "assigneeId" | "collaboratorIds">;
}): Promise<ReviewerOptionDto[]> {
  const db = await getDb();
  const latest = db
    .select({ id: revisions.id })
    .from(revisions)
    .where(eq(revisions.factCheckId, check.id))
    .orderBy(desc(revisions.version))
    .limit(1);
  const [staff, asked] = await Promise.all([
    listStaff({ actor, may: "review" }),
    db.select({ reviewerId: reviewRequests.reviewerId }).from(reviewRequests).where(inArray(reviewRequests.revisionId, latest)),
  ]);
  const previous = new Set(asked.map((r) => r.reviewerId));
  return staff
    .filter((s) => s.id !== actor.id && !isWriter(s.id, check))
    .map(({ id, name, email }) => ({ id, name, email, previous: previous.has(id) }));
}

/**
 * The reviewers the Submit dialog offers for check `id`, asked for as it
 * opens (the list is not sent with every page that has the dialog): only to
 * someone who may submit the check now.
 */
export async function reviewerOptionsFor({ actor, id }: { actor: Actor; id: string }): Promise<ReviewerOptionDto[]> {
  const ctx = await loadWorkflowContext(await getDb(), { actor, id });
  authorizeTransition(ctx, "submit", actor);
  return listReviewerOptions({ actor, check: ctx.check });
}

/** The people to notify about a check: its writers, except the actor. */
function authorsOf(check: FactCheckWithPeople, actor: Actor): string[] {
  return writersOf(check).filter((id) => id !== actor.id);
}

/**
 * Withdraws a check from review (or its approval) so its writers can edit it
 * again: the live editor is read-only while a check is in review or approved.
 * Its writers and editors; 409 when it is neither in review nor approved.
 */
export async function withdrawFromReview({ actor, id }: { actor: Actor; id: string }): Promise<ReviewStatusDto> {
  const db = await getDb();
  const status = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const transition = authorizeTransition(ctx, "withdraw", actor);
    await withdrawReview(tx, { actor, check: ctx.check });
    return statusDto(tx, { ...ctx.check, status: transition.to });
  });
  publishLiveEvent({ type: "access", factCheckId: id });
  return status;
}

/**
 * Freezes the current content as a new revision and asks each chosen reviewer
 * to review it. The check becomes `in_review`.
 */
export async function submitForReview({ actor, id, input }: { actor: Actor; id: string; input: unknown }): Promise<ReviewStatusDto> {
  const parsed = submitSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const reviewerIds = [...new Set(parsed.data.reviewerIds)];
  const note = parsed.data.note ?? null;
  // What was typed a moment ago is part of what is submitted: the open live document is stored first.
  await providedLiveServer()?.flush(id);
  const db = await getDb();
  const status = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const transition = authorizeTransition(ctx, "submit", actor);
    const { check } = ctx;

    const people = await tx
      .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(inArray(users.id, reviewerIds));
    const byId = new Map(people.map((p) => [p.id, p]));
    for (const reviewerId of reviewerIds) {
      const person = byId.get(reviewerId);
      if (!person || person.disabledAt) throw invalid("Choose reviewers from the list", { reviewerIds: "A chosen reviewer does not exist" });
      if (reviewerId === actor.id || isWriter(reviewerId, check)) {
        throw invalid("Writers cannot review their own fact-check", { reviewerIds: "Choose someone other than the check's writer" });
      }
      if (!canInNewsroom(person, "review")) {
        throw invalid("Choose reviewers from the list", { reviewerIds: `${person.name} is not a reviewer` });
      }
    }

    const version = (ctx.revision?.version ?? 0) + 1;
    const content = contentOf(check);
    const [revision] = await tx
      .insert(revisions)
      .values({ factCheckId: check.id, version, content, contentHash: contentHash(content), createdById: actor.id, createdAt: now() })
      .returning();
    // Requests left pending from an earlier round no longer apply.
    await tx
      .update(reviewRequests)
      .set({ state: "withdrawn", decidedAt: now() })
      .where(and(eq(reviewRequests.factCheckId, check.id), eq(reviewRequests.state, "pending")));
    await tx.insert(reviewRequests).values(
      reviewerIds.map((reviewerId) => ({
        factCheckId: check.id,
        revisionId: revision!.id,
        reviewerId,
        requestedById: actor.id,
        note,
        createdAt: now(),
      })),
    );
    await applyTransition(tx, {
      actor,
      check,
      action: "submit",
      to: transition.to,
      data: { revision: version, reviewerIds, note },
    });
    await notify(
      tx,
      reviewerIds.map((reviewerId) => ({
        userId: reviewerId,
        kind: "review_requested" as const,
        factCheckId: check.id,
        actorId: actor.id,
        message: `${actor.name} asks you to review “${check.question}”${note ? `: ${excerpt(note)}` : ""}`,
      })),
    );
    return statusDto(tx, { ...check, status: transition.to });
  });
  // Open editors follow the new status (read-only in review, writable again when sent back).
  publishLiveEvent({ type: "access", factCheckId: id });
  return status;
}

// ---------------------------------------------------------------------------
// Decisions

const reviewSchema = z
  .object({
    decision: z.enum(["approve", "request_changes"], { error: "The decision is approve or request_changes" }),
    comment: z
      .string({ error: "The comment is text" })
      .trim()
      .max(5000, "Comments have at most 5000 characters")
      .transform((s) => (s.length ? s : null))
      .nullish(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.decision === "request_changes" && !value.comment) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "Say what needs to change" });
    }
  });

/**
 * A reviewer's decision on the revision sent to them. Approval passes the gate
 * first; the check is `approved` once every requested reviewer has approved.
 * Requesting changes (with a comment) sends it back to `draft`.
 */
export async function reviewFactCheck({ actor, id, input }: { actor: Actor; id: string; input: unknown }): Promise<ReviewStatusDto> {
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { decision, comment } = parsed.data;
  const db = await getDb();
  const status = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const transition = authorizeTransition(ctx, decision, actor);
    const { check, revision } = ctx;
    const mine = ctx.requests.find((r) => r.reviewerId === actor.id)!;
    if (mine.state !== "pending") {
      const did = mine.state === "approved" ? "approved" : "requested changes to";
      throw new DomainError("conflict", `You already ${did} revision ${revision!.version}`);
    }
    if (revision!.contentHash !== contentHash(contentOf(check))) {
      throw new DomainError("conflict", "The draft changed since it was submitted; it needs to be submitted again");
    }
    if (decision === "approve") {
      const blockers = (await computeBlockers(tx, check)).filter((b) => !b.advisory);
      if (blockers.length) {
        throw new DomainError("conflict", `Approval is blocked: ${blockers.map((b) => b.message).join("; ")}`, {
          details: { blockers },
        });
      }
    }

    const decidedAt = now();
    await tx
      .update(reviewRequests)
      .set({ state: decision === "approve" ? "approved" : "changes_requested", decidedAt })
      .where(eq(reviewRequests.id, mine.id));
    let commentId: string | null = null;
    if (comment) {
      const [row] = await tx
        .insert(comments)
        .values({ factCheckId: check.id, authorId: actor.id, body: comment, kind: "decision", reviewRequestId: mine.id, createdAt: decidedAt, updatedAt: decidedAt })
        .returning({ id: comments.id });
      commentId = row!.id;
    }

    const others = ctx.requests.filter((r) => r.id !== mine.id);
    const authors = authorsOf(check, actor);
    if (decision === "approve") {
      const allApproved = others.every((r) => r.state === "approved");
      const to = allApproved ? transition.to : check.status;
      const waiting = others.filter((r) => r.state !== "approved").length;
      await applyTransition(tx, {
        actor,
        check,
        action: "approve",
        to,
        data: { revision: revision!.version, requestId: mine.id, commentId, waitingFor: waiting },
      });
      await notify(
        tx,
        authors.map((userId) => ({
          userId,
          kind: "approved" as const,
          factCheckId: check.id,
          actorId: actor.id,
          message: allApproved
            ? `“${check.question}” is approved by every reviewer and ready to publish`
            : `${actor.name} approved “${check.question}” (${waiting} more to go)`,
        })),
      );
    } else {
      const pending = others.filter((r) => r.state === "pending");
      if (pending.length) {
        await tx
          .update(reviewRequests)
          .set({ state: "withdrawn", decidedAt })
          .where(inArray(reviewRequests.id, pending.map((r) => r.id)));
      }
      await applyTransition(tx, {
        actor,
        check,
        action: "request_changes",
        to: transition.to,
        data: { revision: revision!.version, requestId: mine.id, commentId },
      });
      await notify(tx, [
        ...authors.map((userId) => ({
          userId,
          kind: "changes_requested" as const,
          factCheckId: check.id,
          actorId: actor.id,
          message: `${actor.name} requested changes to “${check.question}”: ${excerpt(comment!)}`,
        })),
        ...pending.map((r) => ({
          userId: r.reviewerId,
          kind: "review_withdrawn" as const,
          factCheckId: check.id,
          actorId: actor.id,
          message: `${actor.name} sent “${check.question}” back to its writer; your review is no longer needed for now`,
        })),
      ]);
    }
    const [after] = await tx.select().from(factChecks).where(eq(factChecks.id, check.id));
    return statusDto(tx, after!);
  });
  // Open editors follow the new status (read-only in review, writable again when sent back).
  publishLiveEvent({ type: "access", factCheckId: id });
  return status;
}

// ---------------------------------------------------------------------------
// What the review page shows

export type RequestDto = {
  id: string;
  reviewerId: string;
  reviewerName: string;
  requestedByName: string;
  note: string | null;
  state: "pending" | "approved" | "changes_requested" | "withdrawn";
  /** What the reviewer wrote with their decision ("what needs to change"), if anything. */
  decisionNote: string | null;
  revision: number;
  createdAt: string;
  decidedAt: string | null;
};

export type ReviewPageDto = {
  check: FactCheckDto;
  party: Party;
  revision: { id: string; version: number; createdAt: string } | null;
  /** Requests of the latest round. */
  requests: RequestDto[];
  /** The actor's request in the latest round, if any. */
  myRequest: RequestDto | null;
  /** True when the actor can approve or request changes now. */
  canDecide: boolean;
  /** What the actor last reviewed, for "changes since your last review" (null: first review). */
  lastReviewed: { version: number; content: CheckContent } | null;
  blockers: Blocker[];
  /** Titles of the sources the check cites, by id (for the diff). */
  sourceTitles: Record<string, string>;
};

/** Everything the review page needs, for anyone who may see the check. */
export async function getReviewPage({ actor, id }: { actor: Actor; id: string }): Promise<ReviewPageDto> {
  const db = await getDb();
  const ctx = await loadWorkflowContext(db, { actor, id });
  const { check, revision } = ctx;
  const all = await db
    .select({
      id: reviewRequests.id,
      reviewerId: reviewRequests.reviewerId,
      requestedById: reviewRequests.requestedById,
      note: reviewRequests.note,
      state: reviewRequests.state,
      revisionId: reviewRequests.revisionId,
      revision: revisions.version,
      createdAt: reviewRequests.createdAt,
      decidedAt: reviewRequests.decidedAt,
    })
    .from(reviewRequests)
    .innerJoin(revisions, eq(revisions.id, reviewRequests.revisionId))
    .where(eq(reviewRequests.factCheckId, id))
    .orderBy(asc(reviewRequests.createdAt));
  const names = await userNames(db, all.flatMap((r) => [r.reviewerId, r.requestedById]));
  const notes = new Map(
    (
      await db
        .select({ requestId: comments.reviewRequestId, body: comments.body })
        .from(comments)
        .where(and(eq(comments.factCheckId, id), eq(comments.kind, "decision")))
    ).map((n) => [n.requestId, n.body]),
  );
  const toRequest = (r: (typeof all)[number]): RequestDto => ({
    id: r.id,
    reviewerId: r.reviewerId,
    reviewerName: names.get(r.reviewerId) ?? "Unknown",
    requestedByName: names.get(r.requestedById) ?? "Unknown",
    note: r.note,
    state: r.state,
    decisionNote: notes.get(r.id) ?? null,
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  });
  const latest = revision ? all.filter((r) => r.revisionId === revision.id).map(toRequest) : [];
  const myRequest = latest.find((r) => r.reviewerId === actor.id && r.state !== "withdrawn") ?? null;

  // The last revision this reviewer decided on, before the current one.
  const lastDecided = [...all]
    .reverse()
    .find(
      (r) =>
        r.reviewerId === actor.id &&
        (r.state === "approved" || r.state === "changes_requested") &&
        (!revision || r.revision < revision.version),
    );
  let lastReviewed: ReviewPageDto["lastReviewed"] = null;
  if (lastDecided) {
    const [row] = await db.select().from(revisions).where(eq(revisions.id, lastDecided.revisionId));
    if (row) lastReviewed = { version: row.version, content: row.content };
  }
  // A refresh draft is compared with what readers see now (the live version), unless this reviewer has reviewed it since.
  if (check.liveVersionId) {
    const live = await getLiveVersionContent(db, check.id);
    if (live && (!lastReviewed || lastReviewed.version < live.revision)) lastReviewed = { version: live.revision, content: live.content };
  }

  const ids = new Set<string>();
  citedIds(check.summary, ids);
  check.sections.forEach((s) => citedIds(s.body, ids));
  for (const s of lastReviewed?.content.sections ?? []) citedIds(s.body, ids);
  const titled = ids.size
    ? await db.select({ id: sources.id, title: sources.title }).from(sources).where(inArray(sources.id, [...ids]))
    : [];

  return {
    check: toDto(check),
    party: ctx.party,
    revision: revision ? { id: revision.id, version: revision.version, createdAt: revision.createdAt.toISOString() } : null,
    requests: latest,
    myRequest,
    canDecide: ctx.party === "reviewer" && check.status === "in_review" && myRequest?.state === "pending",
    lastReviewed,
    blockers: await computeBlockers(db, check),
    sourceTitles: Object.fromEntries(titled.map((s) => [s.id, s.title])),
  };
}

/** The gate's list for a check the actor may see (the writer sees it before submitting). */
export async function getBlockers({ actor, id }: { actor: Actor; id: string }): Promise<Blocker[]> {
  const db = await getDb();
  const { check } = await loadWorkflowContext(db, { actor, id });
  return computeBlockers(db, check);
}

/** The API's view of a check's review: status, latest round, and what blocks approval. */
export async function getReviewStatus({ actor, id }: { actor: Actor; id: string }): Promise<ReviewStatusDto & { blockers: Blocker[] }> {
  const db = await getDb();
  const { check } = await loadWorkflowContext(db, { actor, id });
  return { ...(await statusDto(db, check)), blockers: await computeBlockers(db, check) };
}
