import "server-only";
/**
 * Comments on a check: on the whole check, on a section, or on a quoted passage
 * (anchored with lib/anchors.ts and re-anchored on every save, detached — never
 * deleted — when the passage goes). Threads are one level deep: replies belong
 * to a top-level comment, and only top-level comments are resolved or reopened.
 * Anyone who may see the check may comment; who may resolve a thread is
 * policies/comment.ts's. A reviewer's decision note is stored here too (kind
 * "decision") but is not a thread: it is shown with the review round.
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { comments, factChecks, users, type CommentRow, type FactCheckRow } from "@/db/schema";
import { anchorText, createAnchor, locateQuote, MAX_QUOTE_CHARS, normalizeAnchorText, reanchor, type Anchor } from "@/lib/anchors";
import type { RichDoc } from "@/lib/document";
import { excerpt } from "@/lib/excerpt";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { publishLiveEvent } from "./live-events";
import { notify } from "./notifications";
import { can, REFUSALS } from "./policies/comment";
import { allowedRows, writersOf, type FactCheckWithPeople } from "./policies/fact-check";
import { loadWorkflowContext, userNames } from "./workflow";

export const MAX_COMMENT_CHARS = 5000;

export type CommentDto = {
  id: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  /** "summary", a section id, or null for the whole check. */
  sectionId: string | null;
  /** Where it is attached, for people: "Executive summary", "Section 2 · Heading", "Whole check". */
  placeLabel: string;
  /** The passage as first selected. */
  quote: string | null;
  /** Where the passage is now (null when not a passage comment, or detached). */
  anchor: { offset: number; text: string } | null;
  /** The passage (or its section) is gone; the comment is kept. */
  detached: boolean;
  /** Posted with a review decision or by a reviewer during a review round. */
  reviewRequestId: string | null;
  resolved: boolean;
  resolvedByName: string | null;
  resolvedAt: string | null;
  createdAt: string;
  /** The actor may resolve or reopen this thread (policies/comment.ts). */
  canResolve: boolean;
  replies: CommentDto[];
};

/** The document a comment's sectionId points at, or undefined when it is gone. */
function docOf(check: Pick<FactCheckRow, "summary" | "sections">, sectionId: string): RichDoc | undefined {
  return sectionId === "summary" ? check.summary : check.sections.find((s) => s.id === sectionId)?.body;
}

function placeLabel(check: Pick<FactCheckRow, "sections">, sectionId: string | null): string {
  if (!sectionId) return "Whole check";
  if (sectionId === "summary") return "Executive summary";
  const index = check.sections.findIndex((s) => s.id === sectionId);
  if (index < 0) return "A removed section";
  const heading = check.sections[index]!.heading.trim();
  return `Section ${index + 1}${heading ? ` · ${heading}` : ""}`;
}

function toDto(actor: Actor, check: FactCheckWithPeople, row: CommentRow, names: Map<string, string>): CommentDto {
  return {
    id: row.id,
    parentId: row.parentId,
    authorId: row.authorId,
    authorName: names.get(row.authorId) ?? "Unknown",
    body: row.body,
    sectionId: row.sectionId,
    placeLabel: placeLabel(check, row.sectionId),
    quote: row.quote,
    anchor: row.anchor && !row.detached ? { offset: row.anchor.offset, text: row.anchor.text } : null,
    detached: row.detached || (!!row.sectionId && !docOf(check, row.sectionId)),
    reviewRequestId: row.reviewRequestId,
    resolved: !!row.resolvedAt,
    resolvedByName: row.resolvedById ? names.get(row.resolvedById) ?? "Unknown" : null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    canResolve: can(actor, "resolve", row, check),
    replies: [],
  };
}

/** Threads of a check, oldest first, replies under their comment. */
export async function listComments({ actor, id }: { actor: Actor; id: string }): Promise<CommentDto[]> {
  const db = await getDb();
  const { check } = await loadWorkflowContext(db, { actor, id });
  const rows = await db
    .select()
    .from(comments)
    .where(and(eq(comments.factCheckId, id), eq(comments.kind, "comment")))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const names = await userNames(db, rows.flatMap((r) => [r.authorId, ...(r.resolvedById ? [r.resolvedById] : [])]));
  const threads = new Map<string, CommentDto>();
  const out: CommentDto[] = [];
  for (const row of rows) {
    const dto = toDto(actor, check, row, names);
    if (row.parentId && threads.has(row.parentId)) threads.get(row.parentId)!.replies.push(dto);
    else {
      threads.set(row.id, dto);
      out.push(dto);
    }
  }
  return out;
}

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown id");

const newCommentSchema = z
  .object({
    body: z
      .string({ error: "Write a comment" })
      .trim()
      .min(1, "Write a comment")
      .max(MAX_COMMENT_CHARS, `Comments have at most ${MAX_COMMENT_CHARS} characters`),
    sectionId: idSchema.nullish(),
    quote: z
      .string()
      .transform(normalizeAnchorText)
      .pipe(z.string().max(MAX_QUOTE_CHARS, `Quote at most ${MAX_QUOTE_CHARS} characters`))
      .nullish(),
    /** Text just before and after the selection, to tell repeated phrases apart. */
    prefix: z.string().max(500).transform(normalizeAnchorText).nullish(),
    suffix: z.string().max(500).transform(normalizeAnchorText).nullish(),
    parentId: idSchema.nullish(),
  })
  .strict();

/** Posts a comment or a reply. A quote must be found in the named section as it reads now. */
export async function addComment({ actor, id, input }: { actor: Actor; id: string; input: unknown }): Promise<CommentDto> {
  const parsed = newCommentSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const data = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const { check } = ctx;
    let parent: CommentRow | undefined;
    let sectionId = data.sectionId ?? null;
    let quote: string | null = null;
    let anchor: Anchor | null = null;

    if (data.parentId) {
      if (data.sectionId || data.quote) throw invalid("A reply belongs to its comment's place", { parentId: "Replies take no section or quote" });
      [parent] = await tx
        .select()
        .from(comments)
        .where(and(eq(comments.id, data.parentId), eq(comments.factCheckId, id)))
        .limit(1);
      if (!parent) throw invalid("That comment does not exist", { parentId: "That comment does not exist" });
      if (parent.kind !== "comment") {
        throw new DomainError("conflict", "A decision note is not a thread: comment on the check instead");
      }
      if (!can(actor, "reply", parent, check)) throw invalid(REFUSALS.reply, { parentId: REFUSALS.reply });
      sectionId = parent.sectionId;
    } else {
      if (data.quote !== undefined && data.quote !== null && !sectionId) {
        throw invalid("Say which section the quote is from", { sectionId: "A quote needs its section" });
      }
      if (sectionId) {
        const doc = docOf(check, sectionId);
        if (!doc) throw invalid("That section no longer exists; reload the page", { sectionId: "That section no longer exists" });
        if (data.quote !== undefined && data.quote !== null) {
          if (!data.quote) throw invalid("Select a passage to comment on", { quote: "The quote is empty" });
          const text = anchorText(doc);
          const span = locateQuote(text, data.quote, {
            prefix: data.prefix ?? undefined,
            suffix: data.suffix ?? undefined,
          });
          if (!span) {
            throw invalid("The selected passage is not in that section as it reads now; reload and select it again", {
              quote: "Passage not found in the section",
            });
          }
          quote = data.quote;
          anchor = createAnchor(text, span);
        }
      }
    }

    const mine = ctx.requests.find((r) => r.reviewerId === actor.id && r.state === "pending");
    const at = now();
    const [row] = await tx
      .insert(comments)
      .values({
        factCheckId: id,
        parentId: parent?.id ?? null,
        authorId: actor.id,
        body: data.body,
        sectionId,
        quote,
        anchor,
        reviewRequestId: mine?.id ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.created",
      entityType: "comment",
      entityId: row!.id,
      factCheckId: id,
      data: { sectionId, quote, reply: !!parent },
    });

    // Tell the check's writers, and for a reply everyone else in the thread.
    const recipients = new Set(writersOf(check));
    if (parent) {
      recipients.add(parent.authorId);
      const thread = await tx.select({ authorId: comments.authorId }).from(comments).where(eq(comments.parentId, parent.id));
      thread.forEach((c) => recipients.add(c.authorId));
    }
    const mentioned = await mentionedUsers(tx, data.body, id);
    mentioned.forEach((userId) => recipients.add(userId));
    recipients.delete(actor.id);
    await notify(
      tx,
      [...recipients].map((userId) => ({
        userId,
        kind: "comment" as const,
        factCheckId: id,
        actorId: actor.id,
        message: `${actor.name} ${mentioned.has(userId) ? "mentioned you" : parent ? "replied" : "commented"} on “${check.question}”: ${excerpt(data.body)}`,
      })),
    );
    return toDto(actor, check, row!, new Map([[actor.id, actor.name]]));
  });
  // Open editors and review pages show it without a reload.
  publishLiveEvent({ type: "comments", factCheckId: id });
  return result;
}

/** At most this many people are told of one comment's mentions. */
const MAX_MENTIONS = 10;

/**
 * The people an `@name` in `body` mentions who may see the check: `@` then
 * their email's local part or their name without spaces (`@ana.lima`,
 * `@AnaLima`), case-insensitive. Disabled accounts are never mentioned.
 */
async function mentionedUsers(tx: Db, body: string, factCheckId: string): Promise<Set<string>> {
  const handles = [...new Set([...body.matchAll(/(?:^|[^\p{L}\p{N}._%+-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu)].map((m) => m[1]!.replace(/[._-]+$/, "").toLowerCase()))];
  if (handles.length === 0) return new Set();
  const people = await tx
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        isNull(users.disabledAt),
        or(inArray(sql`split_part(lower(${users.email}), '@', 1)`, handles), inArray(sql`lower(replace(${users.name}, ' ', ''))`, handles)),
      ),
    )
    .limit(MAX_MENTIONS);
  const found = new Set<string>();
  for (const person of people) {
    const [visible] = await tx
      .select({ id: factChecks.id })
      .from(factChecks)
      .where(and(eq(factChecks.id, factCheckId), allowedRows(person, "view")));
    if (visible) found.add(person.id);
  }
  return found;
}

const resolveSchema = z.object({ resolved: z.boolean({ error: "resolved is true or false" }) }).strict();

/** Resolves or reopens a thread. Doing what is already done changes nothing. */
export async function setCommentResolved({
  actor,
  id,
  commentId,
  input,
}: {
  actor: Actor;
  id: string;
  commentId: string;
  input: unknown;
}): Promise<CommentDto> {
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { resolved } = parsed.data;
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    const { check } = await loadWorkflowContext(tx, { actor, id, lock: true });
    const [row] = await tx
      .select()
      .from(comments)
      .where(and(eq(comments.id, commentId), eq(comments.factCheckId, id)))
      .limit(1);
    if (!row) throw notFound("Comment not found");
    if (row.parentId) throw new DomainError("conflict", "Replies are resolved with their thread: resolve the first comment");
    if (row.kind !== "comment") throw new DomainError("conflict", "A decision note is not a thread: there is nothing to resolve");
    if (!can(actor, "resolve", row, check)) throw forbidden(REFUSALS.resolve);
    let updated = row;
    if (resolved !== !!row.resolvedAt) {
      [updated] = (await tx
        .update(comments)
        .set(resolved ? { resolvedAt: now(), resolvedById: actor.id, updatedAt: now() } : { resolvedAt: null, resolvedById: null, updatedAt: now() })
        .where(eq(comments.id, commentId))
        .returning()) as [CommentRow];
      await recordAudit(tx, {
        actorId: actor.id,
        action: resolved ? "comment.resolved" : "comment.reopened",
        entityType: "comment",
        entityId: commentId,
        factCheckId: id,
      });
    }
    return toDto(actor, check, updated, await userNames(tx, [updated.authorId, ...(updated.resolvedById ? [updated.resolvedById] : [])]));
  });
  // Open editors and review pages show it without a reload.
  publishLiveEvent({ type: "comments", factCheckId: id });
  return result;
}

/**
 * Keeps passage comments on their passages after a save: each is found again in
 * its section's new text (and detached when gone, re-attached if it comes back).
 * Runs in the save's transaction.
 */
export async function reanchorComments(tx: Db, check: FactCheckRow): Promise<void> {
  const anchored = await tx
    .select({ id: comments.id, sectionId: comments.sectionId, anchor: comments.anchor, detached: comments.detached })
    .from(comments)
    .where(and(eq(comments.factCheckId, check.id), isNotNull(comments.anchor)));
  const texts = new Map<string, string | null>();
  for (const comment of anchored) {
    if (!comment.sectionId || !comment.anchor) continue;
    if (!texts.has(comment.sectionId)) {
      const doc = docOf(check, comment.sectionId);
      texts.set(comment.sectionId, doc ? anchorText(doc) : null);
    }
    const text = texts.get(comment.sectionId);
    const next = text === null || text === undefined ? null : reanchor(text, comment.anchor);
    if (next) {
      const same =
        !comment.detached &&
        next.offset === comment.anchor.offset &&
        next.text === comment.anchor.text &&
        next.prefix === comment.anchor.prefix &&
        next.suffix === comment.anchor.suffix;
      if (!same) await tx.update(comments).set({ anchor: next, detached: false }).where(eq(comments.id, comment.id));
    } else if (!comment.detached) {
      // Keep the last anchor: if the passage comes back (an undo), the comment finds it again.
      await tx.update(comments).set({ detached: true }).where(eq(comments.id, comment.id));
    }
  }
}
