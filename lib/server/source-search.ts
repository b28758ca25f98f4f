import "server-only";
/**
 * Searching the source library: full-text search ranked over a bounded set of
 * candidates, or the whole library in one of its orders, a page at a time,
 * with how many checks cite each source.
 */
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { citations, factChecks, publishedCitations, sources } from "@/db/schema";
import { fieldErrors, searchSourcesSchema, type SourceDto, type SourceSort } from "@/lib/source-input";
import { looksLikeUrl, parseSourceUrl } from "@/lib/url";
import type { Actor } from "./actor";
import { referenceColumns, type ReferenceSource } from "./citation-index";
import { invalid } from "./errors";

export type SourceListItem = Omit<
  SourceDto,
  "notes" | "statusNote" | "addedBy" | "normalizedUrl" | "statusSetBy" | "lastCheckedAt" | "textChangedAt" | "redirectUrl"
> & {
  /** Checks whose working copy or live version cites this source. */
  citedIn: number;
};

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
    const order = orderBy(sort === "relevance" ? "added" : sort, "sources");
    // The page's ids first, so "cited in" is counted for one page of rows, not the whole library.
    const page = db
      .select({ id: sources.id })
      .from(sources)
      .where(statusCondition)
      .orderBy(order)
      .limit(limit + 1)
      .offset(offset)
      .as("page");
    const rows = await db
      .select(listColumns)
      .from(sources)
      .innerJoin(page, eq(page.id, sources.id))
      .orderBy(order);
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
    rankBy = sql`${titlePhraseTier(query)} + ts_rank(c.search, to_tsquery('english', ${tsq}), 32)`;
  }

  const where = statusCondition ? sql`${match} and ${statusCondition}` : match;

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
      select r.* from (
        select c.id, ${rankBy} as rank, c.title, c.last_verified_on, c.created_at, c.updated_at from candidates c
      ) r
      order by ${orderBy(sort, "r")}
      limit ${limit + 1} offset ${offset}
    )
    select p.id from page p order by ${orderBy(sort, "p")}`;
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

/**
 * What a person typing a title expects first: a title that starts with what they
 * typed (2), then one that holds it as a phrase (1), then the other matches (0).
 * Added to a full-text rank scaled into [0, 1) (ts_rank's normalization 32), so
 * the tiers never mix and the text rank orders each tier. Case and runs of
 * spaces aside, the phrase is compared as typed (the query's spaces are already single).
 */
function titlePhraseTier(query: string): SQL {
  const phrase = query.replace(/[\\%_]/g, (c) => `\\${c}`);
  const title = sql`regexp_replace(lower(c.title), '\\s+', ' ', 'g')`;
  return sql`(case when ${title} like lower(${`${phrase}%`}) then 2 when ${title} like lower(${`%${phrase}%`}) then 1 else 0 end)::float8`;
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
    archivedCopyId: r.archivedCopyId,
    archivedCopyAt: r.archivedCopyAt,
    statusChangedAt: r.statusChangedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    citedIn: Number(r.citedIn),
  };
}

/**
 * Each order of the library, once, over any relation with the sources' column
 * names (the table itself, or a search's candidates and page, which also have
 * `rank`). Every order ends on the id, so pages never overlap.
 */
const ORDERS: Record<SourceSort, (t: string) => string> = {
  relevance: (t) => `${t}.rank desc, ${t}.updated_at desc, ${t}.id`,
  title: (t) => `lower(${t}.title), ${t}.id`,
  verified: (t) => `${t}.last_verified_on desc nulls last, ${t}.id`,
  added: (t) => `${t}.created_at desc, ${t}.id`,
};

function orderBy(sort: SourceSort, relation: "sources" | "r" | "p"): SQL {
  return sql.raw(ORDERS[sort](relation === "sources" ? `"sources"` : relation));
}
