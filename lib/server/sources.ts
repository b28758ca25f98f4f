import "server-only";
import { asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import {
  citations,
  factChecks,
  publishedCitations,
  publishedVersions,
  sourceHistory,
  sources,
  users,
  type SourceRow,
} from "@/db/schema";
import { locationLabel } from "@/lib/citations";
import { hasRole } from "@/lib/roles";
import {
  createSourceSchema,
  fieldErrors,
  searchSourcesSchema,
  updateSourceSchema,
  type SourceDto,
  type SourceSort,
} from "@/lib/source-input";
import { looksLikeUrl, parseSourceUrl } from "@/lib/url";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { DomainError, forbidden, invalid, isForeignKeyViolation, isUniqueViolation, notFound } from "./errors";
import { loadReferenceSources, referenceColumns, type ReferenceSource } from "./citations";
import { getFactCheck, type FactCheckDto } from "./fact-checks";
import { peopleColumns, visibleTo, writersOf } from "./policies/fact-check";
import { notify } from "./notifications";
import { expireCitingPages } from "./staleness";

/**
 * The shared source library. Every signed-in staff member may read it, add to
 * it and edit it (writers add sources: docs/sources.md); every change is kept in the
 * source's history and the audit log. Deleting is for mistakes only: editors or
 * whoever added the source, and never while a check cites it.
 */

export type PersonRef = { id: string; name: string };

export type { SourceDto };

export type SourceListItem = Omit<SourceDto, "notes" | "statusNote" | "addedBy" | "normalizedUrl"> & {
  /** Checks whose working copy or live version cites this source. */
  citedIn: number;
};

export type CitingCheck = {
  id: string;
  question: string;
  status: string;
  /** "Executive summary", "Section 2: heading", … in the working copy. */
  locations: string[];
  /** The published version readers see cites it too. */
  inLiveVersion: boolean;
};

export type SourceHistoryEntry = {
  id: string;
  at: string;
  actor: PersonRef | null;
  /** True for the entry written when the source was added. */
  created: boolean;
  changes: Record<string, { from: unknown; to: unknown }>;
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

/** Fields a person edits; the history records changes to these. */
const TRACKED = [
  "url",
  "title",
  "publisher",
  "author",
  "publishedOn",
  "lastVerifiedOn",
  "archivedUrl",
  "notes",
  "status",
  "statusNote",
] as const;
type Tracked = (typeof TRACKED)[number];

export const FIELD_LABELS: Record<Tracked, string> = {
  url: "URL",
  title: "Title",
  publisher: "Publisher",
  author: "Author",
  publishedOn: "Published",
  lastVerifiedOn: "Last verified",
  archivedUrl: "Archived copy",
  notes: "Notes",
  status: "Status",
  statusNote: "Status note",
};

function toDto(row: SourceRow, addedBy: PersonRef | null): SourceDto {
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
    addedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
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
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of TRACKED) {
      const value = row[field];
      if (value !== null && value !== undefined) changes[field] = { from: null, to: value };
    }
    await tx.insert(sourceHistory).values({ sourceId: row.id, actorId: actor.id, at, changes });
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

      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of TRACKED) {
        if (!(field in next)) continue;
        const from = current[field] ?? null;
        const to = next[field] ?? null;
        if (from !== to) changes[field] = { from, to };
      }
      if (Object.keys(changes).length === 0) return toDto(current, await addedByOf(tx, current.addedById));

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
      if (statusChanges) set.statusChangedAt = at;
      const [row] = await tx.update(sources).set(set).where(eq(sources.id, id)).returning();

      await tx.insert(sourceHistory).values({ sourceId: id, actorId: actor.id, at, changes });
      await recordAudit(tx, {
        actorId: actor.id,
        action: statusChanges ? "source.status_changed" : "source.updated",
        entityType: "source",
        entityId: id,
        data: { changes },
      });
      if (statusChanges) {
        await notifyCitingOwners(tx, actor, row!);
        // Published pages citing it may now be stale: expire them (lib/server/staleness.ts).
        await expireCitingPages(tx, { sourceId: id });
      }
      return toDto(row!, await addedByOf(tx, row!.addedById));
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

async function addedByOf(db: Db, userId: string | null): Promise<PersonRef | null> {
  if (!userId) return null;
  const [user] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
  return user ?? null;
}

async function notifyCitingOwners(tx: Db, actor: Actor, source: SourceRow): Promise<void> {
  const rows = await tx
    .select({ id: factChecks.id, ownerId: factChecks.ownerId, assigneeId: factChecks.assigneeId, collaboratorIds: peopleColumns.collaboratorIds })
    .from(factChecks)
    .where(inArray(factChecks.id, tx.select({ id: citations.factCheckId }).from(citations).where(eq(citations.sourceId, source.id))));
  const label = source.status === "live" ? "is live again" : `was marked ${source.status}`;
  const items = rows.flatMap((check) =>
    writersOf(check).filter((u) => u !== actor.id).map((userId) => ({
      userId,
      kind: "source_changed" as const,
      factCheckId: check.id,
      actorId: actor.id,
      message: `A source you cite, “${source.title}”, ${label}.`,
    })),
  );
  await notify(tx, items);
}

/** Deletes a source added by mistake. Refused (409, with the citing checks) while anything cites it. */
export async function deleteSource({ actor, id }: { actor: Actor; id: string }): Promise<{ deleted: true }> {
  const db = await getDb();
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row) throw notFound("Source not found");
  if (!canDeleteSource(actor, row)) throw forbidden("Only editors, or whoever added it, can delete a source");
  const citing = await citingChecks(db, actor, id);
  if (citing.visible.length + citing.hidden > 0) throw citedError(citing);
  try {
    await db.transaction(async (tx) => {
      await tx.delete(sourceHistory).where(eq(sourceHistory.sourceId, id));
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

export function canDeleteSource(actor: Actor, row: Pick<SourceRow, "addedById">): boolean {
  return hasRole(actor.role, "editor") || row.addedById === actor.id;
}

// ---------------------------------------------------------------------------
// Reading

/** One source with its history and every check citing it (three queries, whatever the counts). */
export async function getSource({ actor, id }: { actor: Actor; id: string }): Promise<SourceDetail> {
  const db = await getDb();
  const [found] = await db
    .select({ source: sources, addedByName: users.name })
    .from(sources)
    .leftJoin(users, eq(users.id, sources.addedById))
    .where(eq(sources.id, id))
    .limit(1);
  if (!found) throw notFound("Source not found");
  const [history, citing] = await Promise.all([historyOf(db, id), citingChecks(db, actor, id)]);
  const { source, addedByName } = found;
  return {
    source: toDto(source, source.addedById && addedByName ? { id: source.addedById, name: addedByName } : null),
    citedIn: citing.visible,
    otherCitingChecks: citing.hidden,
    history,
    canDelete: canDeleteSource(actor, source) && citing.visible.length + citing.hidden === 0,
  };
}

async function historyOf(db: Db, sourceId: string): Promise<SourceHistoryEntry[]> {
  const rows = await db
    .select({ id: sourceHistory.id, at: sourceHistory.at, changes: sourceHistory.changes, actorId: sourceHistory.actorId, actorName: users.name })
    .from(sourceHistory)
    .leftJoin(users, eq(users.id, sourceHistory.actorId))
    .where(eq(sourceHistory.sourceId, sourceId))
    .orderBy(desc(sourceHistory.at), desc(sourceHistory.id))
    .limit(200);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorId && r.actorName ? { id: r.actorId, name: r.actorName } : null,
    created: Object.values(r.changes).every((c) => c.from === null) && "url" in r.changes && "title" in r.changes,
    changes: r.changes,
  }));
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
    .select({ source: sources, addedByName: users.name })
    .from(sources)
    .leftJoin(users, eq(users.id, sources.addedById))
    .where(inArray(sources.id, unique));
  return rows.map(({ source, addedByName }) =>
    toDto(source, source.addedById && addedByName ? { id: source.addedById, name: addedByName } : null),
  );
}

// ---------------------------------------------------------------------------
// Search

/** How many full-text matches are ranked at most; the rest are never scored. */
export const SEARCH_CANDIDATES = 500;

const GENERIC_URL_WORDS = new Set(["http", "https", "www", "com", "org", "net", "gov", "edu", "co", "uk", "html", "htm", "php", "aspx", "index"]);

export type SourceSearchResult = { data: SourceListItem[]; hasMore: boolean; query: string; sort: SourceSort };

/** Words of a query as a prefix tsquery ("bike lan" → 'bike':* & 'lan':*), or null when it has none. */
export function toPrefixQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `'${w}':*`).join(" & ");
}

/**
 * The library: full-text search over title, publisher, author, URL and notes,
 * ranked; or, without words, every source in the chosen order. A search ranks
 * a bounded candidate set (the most recently updated SEARCH_CANDIDATES
 * matches), so a word found in half the library costs the same as a rare one.
 * A query that looks like a URL or a domain matches URLs containing it.
 */
export async function searchSources({ actor, input }: { actor: Actor; input: unknown }): Promise<SourceSearchResult> {
  void actor; // every staff member may read the library
  const parsed = searchSourcesSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the search parameters", fieldErrors(parsed.error));
  const { q, status, limit, offset } = parsed.data;
  const query = q.replace(/\s+/g, " ").trim();
  const sort: SourceSort = parsed.data.sort ?? (query ? "relevance" : "added");
  const db = await getDb();
  const statusCondition = status ? eq(sources.status, status) : undefined;

  if (!query) {
    const order = orderFor(sort === "relevance" ? "added" : sort);
    // The page's ids first, so "cited in" is counted for one page of rows, not the whole library.
    const page = db
      .select({ id: sources.id })
      .from(sources)
      .where(statusCondition)
      .orderBy(...order)
      .limit(limit + 1)
      .offset(offset)
      .as("page");
    const rows = await db
      .select(listColumns)
      .from(sources)
      .innerJoin(page, eq(page.id, sources.id))
      .orderBy(...order);
    return { data: rows.slice(0, limit).map(toListItem), hasMore: rows.length > limit, query, sort };
  }

  const urlLike = looksLikeUrl(query);
  let match: SQL;
  let exactUrl: string | null = null;
  let rankBy: SQL;
  if (urlLike) {
    const parsedUrl = parseSourceUrl(query);
    exactUrl = parsedUrl.ok ? parsedUrl.normalized : null;
    // What a URL contains, without its scheme and "www.": "example.org/report".
    const needle = (parsedUrl.ok ? parsedUrl.normalized : query)
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/^www\./, "");
    // Words every URL has narrow nothing; the LIKE below does the exact filtering.
    const tsq = toPrefixQuery(needle.split(/[^\p{L}\p{N}]+/u).filter((w) => !GENERIC_URL_WORDS.has(w)).join(" "));
    const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const contains = sql`lower(${sources.url}) like ${like}`;
    match = tsq
      ? sql`(${sources.search} @@ to_tsquery('simple', ${tsq}) and ${contains})`
      : contains;
    if (exactUrl) match = sql`(${match} or ${sources.normalizedUrl} = ${exactUrl})`;
    rankBy = exactUrl ? sql`case when c.normalized_url = ${exactUrl} then 2 else 1 end` : sql`1`;
  } else {
    const tsq = toPrefixQuery(query);
    if (!tsq) return { data: [], hasMore: false, query, sort };
    match = sql`${sources.search} @@ to_tsquery('english', ${tsq})`;
    rankBy = sql`ts_rank(c.search, to_tsquery('english', ${tsq}))`;
  }

  const where = statusCondition ? sql`${match} and ${statusCondition}` : match;
  const outerOrder = {
    relevance: sql`rank desc, c.updated_at desc, c.id`,
    title: sql`lower(c.title), c.id`,
    verified: sql`c.last_verified_on desc nulls last, c.id`,
    added: sql`c.created_at desc, c.id`,
  }[sort];

  // Candidates first (bounded, by a cheap indexed key), then rank only those, then fetch one page.
  const statement = sql`
    with candidates as (
      select ${sources.id} as id, ${sources.search} as search, ${sources.normalizedUrl} as normalized_url,
             ${sources.title} as title, ${sources.lastVerifiedOn} as last_verified_on,
             ${sources.createdAt} as created_at, ${sources.updatedAt} as updated_at
      from ${sources}
      where ${where}
      order by ${sources.updatedAt} desc
      limit ${SEARCH_CANDIDATES}
    ),
    page as (
      select c.id, ${rankBy} as rank, c.title, c.last_verified_on, c.created_at, c.updated_at
      from candidates c
      order by ${outerOrder}
      limit ${limit + 1} offset ${offset}
    )
    select p.id from page p order by ${sql.raw(
      {
        relevance: "p.rank desc, p.updated_at desc, p.id",
        title: "lower(p.title), p.id",
        verified: "p.last_verified_on desc nulls last, p.id",
        added: "p.created_at desc, p.id",
      }[sort],
    )}`;
  const ids = (await rowsOf<{ id: string }>(db, statement)).map((r) => r.id);
  if (ids.length === 0) return { data: [], hasMore: false, query, sort };
  const rows = await db.select(listColumns).from(sources).where(inArray(sources.id, ids.slice(0, limit)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const data = ids
    .slice(0, limit)
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .map(toListItem);
  return { data, hasMore: ids.length > limit, query, sort };
}

/** Rows of `db.execute` on either driver (PGlite answers `{ rows }`, postgres-js an array). */
async function rowsOf<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const citedInCount = sql<number>`(
  select count(*)::int from (
    select ${citations.factCheckId} as id from ${citations} where ${citations.sourceId} = ${sources.id}
    union
    select ${factChecks.id} from ${factChecks}
    join ${publishedCitations} on ${publishedCitations.versionId} = ${factChecks.liveVersionId}
    where ${publishedCitations.sourceId} = ${sources.id}
  ) as citing
)`;

const listColumns = {
  ...referenceColumns,
  statusChangedAt: sources.statusChangedAt,
  createdAt: sources.createdAt,
  updatedAt: sources.updatedAt,
  citedIn: citedInCount,
};

type ListRow = ReferenceSource & {
  statusChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  citedIn: number;
};

function toListItem(r: ListRow): SourceListItem {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    publisher: r.publisher,
    author: r.author,
    publishedOn: r.publishedOn,
    lastVerifiedOn: r.lastVerifiedOn,
    archivedUrl: r.archivedUrl,
    status: r.status,
    statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    citedIn: Number(r.citedIn),
  };
}

function orderFor(sort: Exclude<SourceSort, "relevance">): SQL[] {
  switch (sort) {
    case "title":
      return [asc(sql`lower(${sources.title})`), asc(sources.id)];
    case "verified":
      return [sql`${sources.lastVerifiedOn} desc nulls last`, asc(sources.id)];
    case "added":
      return [desc(sources.createdAt), asc(sources.id)];
  }
}

// ---------------------------------------------------------------------------
// Rendering a check

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
