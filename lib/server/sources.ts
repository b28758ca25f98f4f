import "server-only";
import { desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type Db } from "@/db";
import {
  citations,
  factChecks,
  publishedCitations,
  publishedVersions,
  sources,
  sourceSnapshots,
  users,
  type SourceRow,
} from "@/db/schema";
import { locationLabel } from "@/lib/citations";
import {
  createSourceSchema,
  fieldErrors,
  updateSourceSchema,
  type SourceDto,
} from "@/lib/source-input";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { DomainError, forbidden, invalid, isForeignKeyViolation, isUniqueViolation, notFound } from "./errors";
import { peopleColumns, visibleTo, writersOf } from "./policies/fact-check";
import { notify } from "./notifications";
import { can } from "./policies/source";
import { deleteSnapshotHtml, type SnapshotStoreKind } from "./snapshots";
import { changesBetween, changesOnCreate, forgetSourceHistory, listSourceHistory, recordSourceChange, type PersonRef, type SourceHistoryEntry, type Tracked } from "./source-history";
import { expireCitingPages } from "./staleness";
import { sendJob } from "./job-queue";
import { LINK_CHECK_SOURCE_JOB } from "./link-checker";

/**
 * The shared source library. Every signed-in staff member may read it, add to
 * it and edit it (writers add sources: docs/sources.md); every change is kept in the
 * source's history and the audit log. Deleting is for mistakes only: editors or
 * whoever added the source, and never while a check cites it. Its history is
 * source-history.ts's, its search source-search.ts's.
 */


export type { SourceDto };

export type CitingCheck = {
  id: string;
  question: string;
  status: string;
  /** "Executive summary", "Section 2: heading", … in the working copy. */
  locations: string[];
  /** The published version readers see cites it too. */
  inLiveVersion: boolean;
};

export type SourceDetail = {
  source: SourceDto;
  /** Checks citing it that the actor may open. */
  citedIn: CitingCheck[];
  /** Other writers' drafts citing it: counted, never named. */
  otherCitingChecks: number;
  history: SourceHistoryEntry[];
  canDelete: boolean;
};

/** Who set the status (`statusSetBy`): a person's name comes with the row, through `statusSetter`. */
const statusSetter = alias(users, "status_setter");

function statusSetByOf(row: SourceRow, setterName: string | null): SourceDto["statusSetBy"] {
  if (row.statusSetByChecker) return { kind: "link_checker" };
  if (row.statusSetById && setterName) return { kind: "person", id: row.statusSetById, name: setterName };
  return null;
}

function toDto(row: SourceRow, addedBy: PersonRef | null, setterName: string | null = null): SourceDto {
  return {
    id: row.id,
    url: row.url,
    normalizedUrl: row.normalizedUrl,
    title: row.title,
    publisher: row.publisher,
    author: row.author,
    publishedOn: row.publishedOn,
    lastVerifiedOn: row.lastVerifiedOn,
    archivedUrl: row.archivedUrl,
    notes: row.notes,
    status: row.status,
    statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
    statusNote: row.statusNote,
    statusSetBy: statusSetByOf(row, setterName),
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    textChangedAt: row.textChangedAt?.toISOString() ?? null,
    redirectUrl: row.redirectUrl,
    addedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedCopyId: row.latestSnapshotId,
    archivedCopyAt: row.latestSnapshotAt?.toISOString() ?? null,
  };
}

/** Today's date (UTC) as YYYY-MM-DD. */
function today(): string {
  return now().toISOString().slice(0, 10);
}

function checkNotFuture(date: string | null | undefined, field: string, label: string) {
  // A day of slack: "today" somewhere east of UTC is tomorrow here.
  const limit = new Date(now().getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (date && date > limit) throw invalid("Check the highlighted fields", { [field]: `${label} cannot be in the future` });
}

function duplicateUrl(existing: { id: string; title: string }): DomainError {
  return new DomainError("conflict", `This URL is already in the library as “${existing.title}”.`, {
    fields: { url: "This URL is already in the library" },
    details: { sourceId: existing.id },
  });
}

// ---------------------------------------------------------------------------
// Adding and editing

/**
 * Adds a source. A URL already in the library (after normalization) is refused
 * with 409 and the existing source's id; two people adding the same URL at
 * once get one row between them (the unique index decides).
 */
export async function createSource({ actor, input }: { actor: Actor; input: unknown }): Promise<SourceDto> {
  const parsed = createSourceSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const data = parsed.data;
  checkNotFuture(data.lastVerifiedOn, "lastVerifiedOn", "The last verified date");
  const db = await getDb();
  const at = now();
  const values = {
    url: data.url.url,
    normalizedUrl: data.url.normalized,
    title: data.title,
    publisher: data.publisher ?? null,
    author: data.author ?? null,
    publishedOn: data.publishedOn ?? null,
    lastVerifiedOn: data.lastVerifiedOn === undefined ? today() : data.lastVerifiedOn,
    archivedUrl: data.archivedUrl ?? null,
    notes: data.notes ?? null,
    status: "live" as const,
    addedById: actor.id,
    createdAt: at,
    updatedAt: at,
  };
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.insert(sources).values(values).onConflictDoNothing({ target: sources.normalizedUrl }).returning();
    if (!row) {
      const [existing] = await tx
        .select({ id: sources.id, title: sources.title })
        .from(sources)
        .where(eq(sources.normalizedUrl, values.normalizedUrl));
      return { duplicate: existing ?? null };
    }
    await recordSourceChange(tx, { sourceId: row.id, actorId: actor.id, at, changes: changesOnCreate(row) });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "source.created",
      entityType: "source",
      entityId: row.id,
      data: { url: row.url, title: row.title },
    });
    return { row };
  });
  if ("duplicate" in result) {
    // The other insert may not be visible yet only if it rolled back; then there is nothing to point at.
    if (!result.duplicate) throw new DomainError("conflict", "This URL was just added by someone else. Try again.");
    throw duplicateUrl(result.duplicate);
  }
  // Its first look, in the background: the archived copy of the page as it was when added (lib/server/link-checks.ts).
  await sendJob(LINK_CHECK_SOURCE_JOB, { sourceId: result.row.id }).catch((error: unknown) => console.error("The new source's first link check could not be queued:", error));
  return toDto(result.row, { id: actor.id, name: actor.name });
}

/**
 * Changes some fields of a source (and its status). Every change is written to
 * the source's history and the audit log, in the same transaction. A status
 * change stamps its date and tells the owners of citing checks.
 */
export async function updateSource({ actor, id, input }: { actor: Actor; id: string; input: unknown }): Promise<SourceDto> {
  const parsed = updateSourceSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const data = parsed.data;
  checkNotFuture(data.lastVerifiedOn, "lastVerifiedOn", "The last verified date");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select().from(sources).where(eq(sources.id, id)).for("update");
      if (!current) throw notFound("Source not found");

      const next: Partial<Record<Tracked, unknown>> & { normalizedUrl?: string } = {};
      if (data.url !== undefined) {
        next.url = data.url.url;
        if (data.url.normalized !== current.normalizedUrl) next.normalizedUrl = data.url.normalized;
      }
      for (const field of ["title", "publisher", "author", "publishedOn", "lastVerifiedOn", "archivedUrl", "notes", "status"] as const) {
        if (data[field] !== undefined) next[field] = data[field];
      }
      const statusChanges = data.status !== undefined && data.status !== current.status;
      // A status note explains one change of status: a new status without a note clears the old one.
      if (data.statusNote !== undefined) next.statusNote = data.statusNote;
      else if (statusChanges) next.statusNote = null;

      const changes = changesBetween(current, next);
      if (Object.keys(changes).length === 0) {
        return toDto(current, await addedByOf(tx, current.addedById), (await addedByOf(tx, current.statusSetById))?.name ?? null);
      }

      if (next.normalizedUrl) {
        const [clash] = await tx
          .select({ id: sources.id, title: sources.title })
          .from(sources)
          .where(eq(sources.normalizedUrl, next.normalizedUrl));
        if (clash && clash.id !== id) throw duplicateUrl(clash);
      }

      const at = now();
      const set: Partial<typeof sources.$inferInsert> = { updatedAt: at };
      for (const field of Object.keys(changes) as Tracked[]) (set as Record<string, unknown>)[field] = next[field] ?? null;
      if (next.normalizedUrl) set.normalizedUrl = next.normalizedUrl;
      if (changes.url) {
        // A new address (an accepted redirect among them): no offer stands, and the link checker counts afresh.
        set.redirectUrl = null;
        set.failingSince = null;
        set.failureCount = 0;
      }
      if (statusChanges) {
        set.statusChangedAt = at;
        // A status set by a person wins over the link checker, which counts failures afresh from now.
        set.statusSetByChecker = false;
        set.statusSetById = actor.id;
        set.failingSince = null;
        set.failureCount = 0;
      }
      const [row] = await tx.update(sources).set(set).where(eq(sources.id, id)).returning();

      await recordSourceChange(tx, { sourceId: id, actorId: actor.id, at, changes });
      await recordAudit(tx, {
        actorId: actor.id,
        action: statusChanges ? "source.status_changed" : "source.updated",
        entityType: "source",
        entityId: id,
        data: { changes },
      });
      if (statusChanges) {
        await notifyCitingOwners(tx, actor.id, row!);
        // Published pages citing it may now be stale: expire them (lib/server/staleness.ts).
        await expireCitingPages(tx, { sourceId: id });
      }
      return toDto(row!, await addedByOf(tx, row!.addedById), statusChanges ? actor.name : (await addedByOf(tx, row!.statusSetById))?.name ?? null);
    });
  } catch (error) {
    // Two edits moving different sources to one URL at once: the unique index refuses the second.
    if (isUniqueViolation(error) && data.url) {
      const [clash] = await db
        .select({ id: sources.id, title: sources.title })
        .from(sources)
        .where(eq(sources.normalizedUrl, data.url.normalized));
      if (clash) throw duplicateUrl(clash);
    }
    throw error;
  }
}

/**
 * Accepts the permanent redirect the link checker found: the source's URL
 * becomes the address it redirects to, through `updateSource` (the change is
 * in its history, and a URL already in the library is refused with 409 and
 * that source's id, as any edit is).
 */
export async function acceptSourceRedirect({ actor, id }: { actor: Actor; id: string }): Promise<SourceDto> {
  const db = await getDb();
  const [row] = await db.select({ redirectUrl: sources.redirectUrl }).from(sources).where(eq(sources.id, id));
  if (!row) throw notFound("Source not found");
  if (!row.redirectUrl) throw new DomainError("conflict", "No new address is offered for this source (any more)");
  return updateSource({ actor, id, input: { url: row.redirectUrl } });
}

async function addedByOf(db: Db, userId: string | null): Promise<PersonRef | null> {
  if (!userId) return null;
  const [user] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  return user ?? null;
}

/**
 * Tells the writers of every check citing `source` that its status changed, in
 * the caller's transaction: `actorId` is whoever changed it (not told), null
 * for the link checker (lib/server/link-checks.ts).
 */
export async function notifyCitingOwners(tx: Db, actorId: string | null, source: SourceRow): Promise<void> {
  const rows = await tx
    .select({ id: factChecks.id, ownerId: factChecks.ownerId, assigneeId: factChecks.assigneeId, collaboratorIds: peopleColumns.collaboratorIds })
    .from(factChecks)
    .where(inArray(factChecks.id, tx.select({ id: citations.factCheckId }).from(citations).where(eq(citations.sourceId, source.id))));
  const label =
    source.status === "live"
      ? "is live again"
      : source.status === "unreachable"
        ? "could not be reached for a week and is marked unreachable"
        : `was marked ${source.status}`;
  const items = rows.flatMap((check) =>
    writersOf(check).filter((u) => u !== actorId).map((userId) => ({
      userId,
      kind: "source_changed" as const,
      factCheckId: check.id,
      actorId,
      message: `A source you cite, “${source.title}”, ${label}.`,
      // Email only when the source can no longer be relied on.
      mail: source.status === "dead" || source.status === "retracted" || source.status === "unreachable",
    })),
  );
  await notify(tx, items);
}

/** Deletes a source added by mistake. Refused (409, with the citing checks) while anything cites it. */
export async function deleteSource({ actor, id }: { actor: Actor; id: string }): Promise<{ deleted: true }> {
  const db = await getDb();
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) throw notFound("Source not found");
  if (!can(actor, "delete", row)) throw forbidden("Only editors, or whoever added it, can delete a source");
  const citing = await citingChecks(db, actor, id);
  if (citing.visible.length + citing.hidden > 0) throw citedError(citing);
  let copies: { store: SnapshotStoreKind; objectKey: string | null }[] = [];
  try {
    await db.transaction(async (tx) => {
      // Its archived copies' rows go with it (cascade); what they name in a file or a bucket goes after the commit.
      copies = await tx.select({ store: sourceSnapshots.store, objectKey: sourceSnapshots.objectKey }).from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, id));
      await forgetSourceHistory(tx, id);
      await tx.delete(sources).where(eq(sources.id, id));
      await recordAudit(tx, {
        actorId: actor.id,
        action: "source.deleted",
        entityType: "source",
        entityId: id,
        data: { url: row.url, title: row.title, publisher: row.publisher },
      });
    });
  } catch (error) {
    // A check started citing it between the check above and the delete.
    if (isForeignKeyViolation(error)) throw citedError(await citingChecks(db, actor, id));
    throw error;
  }
  // The source is gone either way: a store that fails now leaves a file or an object behind, said in the log.
  await deleteSnapshotHtml(copies).catch((error: unknown) =>
    console.error(`The archived copies of deleted source ${id} could not all be removed from their store: ${error instanceof Error ? error.message : error}`),
  );
  return { deleted: true };
}

function citedError(citing: { visible: CitingCheck[]; hidden: number }): DomainError {
  const n = citing.visible.length + citing.hidden;
  return new DomainError(
    "conflict",
    `This source is cited in ${n} ${n === 1 ? "check" : "checks"} and cannot be deleted. Mark it dead or retracted instead.`,
    { details: { citedIn: citing.visible.map((c) => ({ id: c.id, question: c.question })), otherCitingChecks: citing.hidden } },
  );
}

// ---------------------------------------------------------------------------
// Reading

/** One source with its history and every check citing it (three queries, whatever the counts). */
export async function getSource({ actor, id }: { actor: Actor; id: string }): Promise<SourceDetail> {
  const db = await getDb();
  const [found] = await db
    .select({ source: sources, addedByName: users.name, setterName: statusSetter.name })
    .from(sources)
    .leftJoin(users, eq(users.id, sources.addedById))
    .leftJoin(statusSetter, eq(statusSetter.id, sources.statusSetById))
    .where(eq(sources.id, id))
    .limit(1);
  if (!found) throw notFound("Source not found");
  const [history, citing] = await Promise.all([listSourceHistory(db, id), citingChecks(db, actor, id)]);
  const { source, addedByName, setterName } = found;
  return {
    source: toDto(source, source.addedById && addedByName ? { id: source.addedById, name: addedByName } : null, setterName),
    citedIn: citing.visible,
    otherCitingChecks: citing.hidden,
    history,
    canDelete: can(actor, "delete", source) && citing.visible.length + citing.hidden === 0,
  };
}

/**
 * Checks citing a source, in one query: those whose working copy cites it
 * (with where) and those whose live published version does. Checks the actor
 * may not open are only counted.
 */
async function citingChecks(db: Db, actor: Actor, sourceId: string): Promise<{ visible: CitingCheck[]; hidden: number }> {
  const rows = await db
    .select({
      id: factChecks.id,
      question: factChecks.question,
      status: factChecks.status,
      visible: sql<boolean>`${visibleTo(actor)}`,
      liveVersionId: factChecks.liveVersionId,
      sections: factChecks.sections,
      locations: sql<string[] | null>`(select json_agg(${citations.location}) from ${citations} where ${citations.factCheckId} = ${factChecks.id} and ${citations.sourceId} = ${sourceId})`,
      inLiveVersion: sql<boolean>`exists (select 1 from ${publishedCitations} where ${publishedCitations.versionId} = ${factChecks.liveVersionId} and ${publishedCitations.sourceId} = ${sourceId})`,
    })
    .from(factChecks)
    .where(
      inArray(
        factChecks.id,
        sql`(select ${citations.factCheckId} from ${citations} where ${citations.sourceId} = ${sourceId}
             union select ${publishedVersions.factCheckId} from ${publishedCitations}
             join ${publishedVersions} on ${publishedVersions.id} = ${publishedCitations.versionId}
             where ${publishedCitations.sourceId} = ${sourceId})`,
      ),
    )
    .orderBy(desc(factChecks.updatedAt))
    .limit(1000);
  const visible: CitingCheck[] = [];
  let hidden = 0;
  for (const row of rows) {
    // A published check is public; a draft is shown only to those who may open it.
    if (!row.visible && !row.liveVersionId) {
      hidden += 1;
      continue;
    }
    const ids = parseJsonArray(row.locations);
    const order = (loc: string) => (loc === "summary" ? -1 : row.sections.findIndex((s) => s.id === loc));
    visible.push({
      id: row.id,
      question: row.question,
      status: row.status,
      locations: ids.sort((a, b) => order(a) - order(b)).map((loc) => locationLabel(loc, row.sections)),
      inLiveVersion: !!row.inLiveVersion,
    });
  }
  return { visible, hidden };
}

function parseJsonArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === "string") {
    try {
      const parsed = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}

const MAX_IDS = 200;

/** Sources by id, for the editor (one query). Unknown ids are simply absent. */
export async function getSourcesByIds({ actor, ids }: { actor: Actor; ids: string[] }): Promise<SourceDto[]> {
  void actor; // every staff member may read the library
  const unique = [...new Set(ids.filter((id) => typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id)))];
  if (unique.length > MAX_IDS) throw invalid(`Ask for at most ${MAX_IDS} sources at once`, { ids: `At most ${MAX_IDS} ids` });
  if (unique.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({ source: sources, addedByName: users.name, setterName: statusSetter.name })
    .from(sources)
    .leftJoin(users, eq(users.id, sources.addedById))
    .leftJoin(statusSetter, eq(statusSetter.id, sources.statusSetById))
    .where(inArray(sources.id, unique));
  return rows.map(({ source, addedByName, setterName }) =>
    toDto(source, source.addedById && addedByName ? { id: source.addedById, name: addedByName } : null, setterName),
  );
}

