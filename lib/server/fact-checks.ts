import "server-only";
import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db";
import { factChecks, reviewRequests, users, type FactCheckRow } from "@/db/schema";
import { LIVE_FIELDS } from "@/lib/collab/document";
import { SUMMARY_LOCATION } from "@/lib/citations";
import { emptyDoc, type RelatedQuestion, type Section } from "@/lib/document";
import { canonicalJson } from "./content";
import {
  createFactCheckSchema,
  fieldErrors,
  updateFactCheckSchema,
  type UpdateFactCheckInput,
} from "@/lib/fact-check-input";
import { providedLiveServer } from "@/lib/live-endpoint.mjs";
import { slugify } from "@/lib/slug";
import type { Actor } from "./actor";
import { now } from "./clock";
import { DomainError, forbidden, invalid, isUniqueViolation, notFound } from "./errors";
import { onFactCheckEdited } from "./workflow";
import { loadReferenceSources, syncCitations, type ReferenceSource } from "./citation-index";
import { allowedRows, can, loadFactCheck, peopleColumns, smallColumns, writtenBy } from "./policies/fact-check";
import { can as canInNewsroom } from "./policies/newsroom";
import { publishLiveEvent } from "./live-events";
import { writeLiveContent } from "./live-state";
import { reanchorComments } from "./comments";

export type FactCheckStatus = FactCheckRow["status"];

/** What the API and pages see of a check: no internal columns. */
export type FactCheckDto = {
  id: string;
  slug: string;
  question: string;
  topic: string | null;
  summary: FactCheckRow["summary"];
  sections: Section[];
  relatedQuestions: RelatedQuestion[];
  refreshIntervalDays: number | null;
  claimReviewed: string | null;
  verdict: string | null;
  claimAppearance: string | null;
  status: FactCheckStatus;
  ownerId: string;
  assigneeId: string | null;
  /** Co-writers: they may do all the owner may, except remove the owner. */
  collaboratorIds: string[];
  version: number;
  checkedOn: string | null;
  nextRefreshAt: string | null;
  /** Set when the check was assigned from another check's related question. */
  originCheckId: string | null;
  originQuestionId: string | null;
  createdAt: string;
  updatedAt: string;
};

export function toDto(row: FactCheckRow & { collaboratorIds: string[] }): FactCheckDto {
  return {
    id: row.id,
    slug: row.slug,
    question: row.question,
    topic: row.topic,
    summary: row.summary,
    sections: row.sections,
    relatedQuestions: row.relatedQuestions,
    refreshIntervalDays: row.refreshIntervalDays,
    claimReviewed: row.claimReviewed,
    verdict: row.verdict,
    claimAppearance: row.claimAppearance,
    status: row.status,
    ownerId: row.ownerId,
    assigneeId: row.assigneeId,
    collaboratorIds: row.collaboratorIds,
    version: row.version,
    checkedOn: row.checkedOn?.toISOString() ?? null,
    nextRefreshAt: row.nextRefreshAt?.toISOString() ?? null,
    originCheckId: row.originCheckId,
    originQuestionId: row.originQuestionId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------
// Who may see and change a check: lib/server/policies/fact-check.ts.

/**
 * Loads a check the actor may see; anything else is "not found" (never reveal another writer's draft).
 * `lock` takes the check's row lock for the caller's transaction (why: workflow.ts, `loadWorkflowContext`).
 */
async function loadVisible(db: Db, actor: Actor, id: string, { lock = false } = {}) {
  const row = await loadFactCheck(db, { id, lock });
  if (!row || !can(actor, "view", row)) throw notFound("Fact-check not found");
  return row;
}

export async function getFactCheck({ actor, id }: { actor: Actor; id: string }): Promise<FactCheckDto> {
  const db = await getDb();
  return toDto(await loadVisible(db, actor, id));
}

// ---------------------------------------------------------------------------

function withIds<T extends { id?: string }>(items: T[]): (T & { id: string })[] {
  return items.map((item) => ({ ...item, id: item.id ?? crypto.randomUUID() }));
}

/** Inserts with a unique slug, adding a short suffix when the plain one is taken. */
export async function insertWithUniqueSlug(db: Db, values: Omit<typeof factChecks.$inferInsert, "slug">, base: string) {
  const taken = await db
    .select({ slug: factChecks.slug })
    .from(factChecks)
    .where(or(eq(factChecks.slug, base), sql`${factChecks.slug} like ${base + "-%"}`));
  const used = new Set(taken.map((r) => r.slug));
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  for (let attempt = 0; ; attempt++) {
    try {
      // A savepoint, so a taken slug does not abort the caller's transaction.
      const [row] = await db.transaction((sp) => sp.insert(factChecks).values({ ...values, slug }).returning());
      return row!;
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error, "fact_checks_slug_unique")) throw error;
      slug = `${base}-${crypto.randomUUID().slice(0, 6)}`;
    }
  }
}

export async function createFactCheck({ actor, input }: { actor: Actor; input: unknown }): Promise<FactCheckDto> {
  const parsed = createFactCheckSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const data = parsed.data;
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const row = await insertWithUniqueSlug(
      tx,
      {
        question: data.question,
        topic: data.topic ?? null,
        summary: data.summary ?? emptyDoc(),
        sections: withIds(data.sections ?? []),
        relatedQuestions: withIds(data.relatedQuestions ?? []),
        refreshIntervalDays: data.refreshIntervalDays ?? null,
        claimReviewed: data.claimReviewed ?? null,
        verdict: data.verdict ?? null,
        claimAppearance: data.claimAppearance ?? null,
        ownerId: actor.id,
        updatedById: actor.id,
        createdAt: at,
        updatedAt: at,
      },
      slugify(data.question),
    );
    await syncCitations(tx, row.id, row);
    return toDto({ ...row, collaboratorIds: [] });
  });
}

/**
 * Applies a partial update if `version` is still the stored one. A stale version
 * is refused with 409 and the current version, and nothing changes. Permission,
 * status and version are decided under the check's row lock, so a publish or
 * any other step on the check runs wholly before or wholly after the save.
 * Open live editors of the check receive the change (a "content" live event).
 */
export async function updateFactCheck({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: unknown;
}): Promise<FactCheckDto> {
  const parsed = updateFactCheckSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const data: UpdateFactCheckInput = parsed.data;
  const db = await getDb();
  const { dto, liveChanged, statusChanged } = await db.transaction(async (tx) => {
    const current = await loadVisible(tx, actor, id, { lock: true });
    if (!can(actor, "update", current)) {
      throw forbidden(
        current.status === "published"
          ? "This check is published; start a refresh to change it"
          : "Only the check's writer or an editor can edit it",
      );
    }
    if (current.version !== data.version) throw versionConflict(current.version);
    const { liveChanged } = await applyEdit(tx, { actor, current, data, live: true });
    // The workflow may have changed the status (a withdrawn review): answer with what is stored.
    const stored = (await loadFactCheck(tx, { id }))!;
    return { dto: toDto(stored), liveChanged, statusChanged: stored.status !== current.status };
  });
  if (liveChanged) publishLiveEvent({ type: "content", factCheckId: id });
  if (statusChanged) publishLiveEvent({ type: "access", factCheckId: id });
  return dto;
}

/**
 * Writes an accepted edit (`data`, already parsed) to a check whose row the
 * caller's transaction holds locked (`current`): the content, the address while
 * unpublished, the citations rows (refusing unknown sources: 422), and the
 * workflow's steps (a review withdrawn, comments re-anchored, an edit session
 * for each of `editors`). Shared by the API's edits and the live server's
 * stores (lib/server/live-documents.ts). With `live`, the check's live state
 * takes the change too; `liveChanged` says there was one to change.
 */
export async function applyEdit(
  tx: Db,
  {
    actor,
    editors = [actor],
    current,
    data,
    live,
  }: { actor: Actor; editors?: Actor[]; current: FactCheckRow; data: UpdateFactCheckInput; live: boolean },
): Promise<{ row: FactCheckRow; liveChanged: boolean }> {
  const id = current.id;
  const changes: Partial<typeof factChecks.$inferInsert> = {};
  if (data.question !== undefined) {
    changes.question = data.question;
    // Until a check has been published its address can follow its question.
    if (!current.checkedOn && data.question !== current.question) {
      const base = slugify(data.question);
      if (base !== current.slug) changes.slug = await freeSlug(tx, base, id);
    }
  }
  if (data.topic !== undefined) changes.topic = data.topic;
  if (data.summary !== undefined) changes.summary = data.summary;
  if (data.sections !== undefined) changes.sections = withIds(data.sections);
  if (data.relatedQuestions !== undefined) changes.relatedQuestions = withIds(data.relatedQuestions);
  if (data.refreshIntervalDays !== undefined) changes.refreshIntervalDays = data.refreshIntervalDays;
  if (data.claimReviewed !== undefined) changes.claimReviewed = data.claimReviewed;
  if (data.verdict !== undefined) changes.verdict = data.verdict;
  if (data.claimAppearance !== undefined) changes.claimAppearance = data.claimAppearance;

  // The two columns that grow with the check are written only where they differ: the summary when it
  // changed, the sections' changed elements in place when the list itself (ids, order) is the same.
  const { summary, sections, ...small } = changes;
  const summaryChanged = summary !== undefined && !sameJson(summary, current.summary);
  const changedSections = sections === undefined ? [] : changedSectionIndexes(current.sections, sections);
  const set: Record<string, unknown> = { ...small };
  if (summaryChanged) set.summary = summary;
  if (changedSections === null || changedSections.length > SECTIONS_PATCHED_AT_MOST) set.sections = sections;
  else if (changedSections.length > 0) {
    set.sections = changedSections.reduce<SQL>(
      (target, index) => sql`jsonb_set(${target}, ${`{${index}}`}::text[], ${JSON.stringify(sections![index])}::jsonb)`,
      sql`${factChecks.sections}`,
    );
  }

  const [written] = await tx
    .update(factChecks)
    .set({ ...set, version: sql`${factChecks.version} + 1`, updatedAt: now(), updatedById: actor.id })
    .where(eq(factChecks.id, id))
    .returning(smallColumns);
  // What the two columns hold now, without sending them back: what was written, or what was there.
  const row: FactCheckRow = { ...written!, summary: summary ?? current.summary, sections: sections ?? current.sections };
  // Withdraws a review in progress and logs the edit sessions; comments stay on their passages.
  await onFactCheckEdited(tx, { actor, editors, before: current, after: row });
  await reanchorComments(tx, row);
  // The citations rows follow the document (and refuse unknown sources: 422, rolled back), where it changed.
  if (summaryChanged || changedSections === null || changedSections.length > 0) {
    const locations =
      changedSections === null ? undefined : [...(summaryChanged ? [SUMMARY_LOCATION] : []), ...changedSections.map((index) => sections![index]!.id)];
    await syncCitations(tx, row.id, row, locations);
  }
  const liveFields = LIVE_FIELDS.filter((field) => changes[field] !== undefined);
  const liveChanged =
    live && liveFields.length > 0
      ? await writeLiveContent(tx, { factCheckId: id, content: Object.fromEntries(liveFields.map((field) => [field, row[field]])) })
      : false;
  return { row, liveChanged };
}

/** At most this many changed sections are written in place; more, and the list is written whole. */
const SECTIONS_PATCHED_AT_MOST = 8;

/** Equal as stored JSON (the same object, as a field unchanged since the last store is, is equal at once). */
export function sameJson(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/**
 * The indexes of the sections of `after` that differ from `before`'s, when
 * both lists hold the same sections in the same order; null when they do
 * not (one added, removed or moved).
 */
export function changedSectionIndexes(before: Section[], after: { id?: string; heading: string; body: unknown }[]): number[] | null {
  if (before.length !== after.length || after.some((section, i) => section.id !== before[i]!.id)) return null;
  const changed: number[] = [];
  after.forEach((section, i) => {
    if (section.heading !== before[i]!.heading || !sameJson(section.body, before[i]!.body)) changed.push(i);
  });
  return changed;
}

function versionConflict(currentVersion: number) {
  return new DomainError(
    "version_conflict",
    "This check was changed elsewhere since you started editing. Reload to see the latest version.",
    { details: { currentVersion } },
  );
}

async function freeSlug(db: Db, base: string, selfId: string): Promise<string> {
  const taken = await db
    .select({ slug: factChecks.slug, id: factChecks.id })
    .from(factChecks)
    .where(or(eq(factChecks.slug, base), sql`${factChecks.slug} like ${base + "-%"}`));
  const used = new Set(taken.filter((r) => r.id !== selfId).map((r) => r.slug));
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

// ---------------------------------------------------------------------------
// The desk

export type DeskItem = {
  id: string;
  question: string;
  status: FactCheckStatus;
  topic: string | null;
  updatedAt: string;
  updatedByName: string | null;
  ownerName: string;
  collaboratorIds: string[];
  /** How the actor stands to it: one of its writers ("collaborator": a co-writer), or "review": sent to them for review (open the review page). */
  role: "owner" | "assignee" | "collaborator" | "waiting" | "review";
  /** Who else has it open in the editor now (live editing), by name. */
  editingNow: string[];
};

export async function listDesk({ actor }: { actor: Actor }): Promise<{ mine: DeskItem[]; waiting: DeskItem[] }> {
  const db = await getDb();
  const owner = alias(users, "owner");
  const editor = alias(users, "last_editor");
  const base = () => db
    .select({
      id: factChecks.id,
      question: factChecks.question,
      status: factChecks.status,
      topic: factChecks.topic,
      updatedAt: factChecks.updatedAt,
      ownerId: factChecks.ownerId,
      assigneeId: factChecks.assigneeId,
      ownerName: owner.name,
      updatedByName: editor.name,
      collaboratorIds: peopleColumns.collaboratorIds,
    })
    .from(factChecks)
    .innerJoin(owner, eq(owner.id, factChecks.ownerId))
    .leftJoin(editor, eq(editor.id, factChecks.updatedById));

  const mineRows = await base()
    .where(writtenBy(actor.id))
    .orderBy(desc(factChecks.updatedAt))
    .limit(200);

  // Checks that wait for the actor's review, oldest request first (the join only dates the request).
  const reviewRows = canInNewsroom(actor, "review")
    ? await base()
        .innerJoin(reviewRequests, and(eq(reviewRequests.factCheckId, factChecks.id), eq(reviewRequests.reviewerId, actor.id), eq(reviewRequests.state, "pending")))
        .where(allowedRows(actor, "review"))
        .orderBy(reviewRequests.createdAt)
        .limit(200)
    : [];
  // Checks the actor may publish now, oldest first.
  const waitingRows = canInNewsroom(actor, "publish")
    ? await base().where(allowedRows(actor, "publish")).orderBy(factChecks.updatedAt).limit(200)
    : [];

  // Who has each check open, on every instance (docs/architecture.md, "Live editing").
  const editing = await providedLiveServer()?.editingNow([...mineRows, ...reviewRows, ...waitingRows].map((r) => r.id));
  const toItem = (role: DeskItem["role"]) => (r: (typeof mineRows)[number]): DeskItem => ({
    id: r.id,
    question: r.question,
    status: r.status,
    topic: r.topic,
    updatedAt: r.updatedAt.toISOString(),
    updatedByName: r.updatedByName,
    ownerName: r.ownerName,
    collaboratorIds: r.collaboratorIds,
    role: role === "waiting" || role === "review" ? role : r.ownerId === actor.id ? "owner" : r.assigneeId === actor.id ? "assignee" : "collaborator",
    editingNow: (editing?.get(r.id) ?? []).filter((person) => person.id !== actor.id).map((person) => person.name),
  });
  return {
    mine: mineRows.map(toItem("owner")),
    waiting: [...reviewRows.map(toItem("review")), ...waitingRows.map(toItem("waiting"))],
  };
}

/**
 * A check and the sources it cites, in number order, for the preview (and
 * anything else that renders a working copy): two queries, whatever its number
 * of sections and citations.
 */
export async function getFactCheckWithSources({
  actor,
  id,
}: {
  actor: Actor;
  id: string;
}): Promise<{ check: FactCheckDto; sources: ReferenceSource[] }> {
  const check = await getFactCheck({ actor, id });
  const db = await getDb();
  return { check, sources: await loadReferenceSources(db, check) };
}
