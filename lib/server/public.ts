import "server-only";
import type { VerdictScale } from "@/lib/verdicts";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { factChecks, publishedVersions, slugRedirects, sources, type CheckContent } from "@/db/schema";
import { numberCitations } from "@/lib/citations";
import { docText } from "@/lib/document";
import { describeReasonForReaders } from "@/lib/staleness-rules";
import { type SiteSettings } from "./settings";
import { getVerdictScale } from "./verdicts";
import { loadStalenessContext, stalenessOf, type LiveCheckFacts } from "./staleness";

/**
 * Reader queries: only published versions, never a working copy. Results are
 * plain JSON (dates as ISO strings) so they can be cached.
 */

/** One entry of a version's numbered Sources list, as readers saw it when it was published. */
export type PublicSource = {
  id: string;
  number: number;
  title: string;
  publisher: string | null;
  author: string | null;
  publishedOn: string | null;
  lastVerifiedOn: string | null;
  url: string;
  archivedUrl: string | null;
  /** Set when the source's status changed after this version was checked. */
  changed: { status: "updated" | "dead" | "retracted" | "unreachable"; at: string } | null;
};

export type SourceSnapshot = {
  title: string;
  publisher: string | null;
  author: string | null;
  publishedOn: string | null;
  lastVerifiedOn: string | null;
  url: string;
  archivedUrl: string | null;
};

export type PublicVersionSummary = { number: number; checkedOn: string; changeNote: string | null };

export type PublishedPage = {
  kind: "page";
  factCheckId: string;
  slug: string;
  number: number;
  currentNumber: number;
  isCurrent: boolean;
  content: CheckContent;
  checkedOn: string;
  sources: PublicSource[];
  /** Related question id → slug of a published check that answers it. */
  relatedLinks: Record<string, string>;
  versions: PublicVersionSummary[];
  /** Only for the current version. */
  stale: boolean;
  /** When a fresh current version turns stale. */
  staleAt: string | null;
  /** Why it may be outdated, in readers' words, for the banner (current version only; empty when fresh). */
  staleReasons: { text: string; sourceNumber: number | null }[];
  /** When a time rule next changes the banner (it appears, or gains a reason): the end of the page's cache lifetime. */
  bannerChangesAt: string | null;
  site: SiteSettings;
  /** The newsroom's verdicts and scale: the ClaimReview rating of the verdict. */
  verdicts: VerdictScale;
};

export type PublicLookup = PublishedPage | { kind: "redirect"; slug: string } | { kind: "missing" };

/** Normalized question text for matching "Want to dive deeper?" questions to published checks. */
const normalizedQuestion = (value: string) => value.trim().replace(/\s*\?+$/, "").replace(/\s+/g, " ").toLowerCase();

async function findLiveCheck(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: factChecks.id,
      slug: factChecks.slug,
      liveVersionId: factChecks.liveVersionId,
      refreshIntervalDays: factChecks.refreshIntervalDays,
      nextRefreshAt: factChecks.nextRefreshAt,
    })
    .from(factChecks)
    .where(and(eq(factChecks.slug, slug), isNotNull(factChecks.liveVersionId)))
    .limit(1);
  return row ?? null;
}

/** Where an old address now lives, if it belongs to a published check. */
async function redirectFor(db: Db, slug: string): Promise<string | null> {
  const [row] = await db
    .select({ slug: factChecks.slug })
    .from(slugRedirects)
    .innerJoin(factChecks, eq(factChecks.id, slugRedirects.factCheckId))
    .where(and(eq(slugRedirects.slug, slug), isNotNull(factChecks.liveVersionId)))
    .limit(1);
  return row && row.slug !== slug ? row.slug : null;
}

/**
 * A published check by its address: the live version, or an older one when
 * `number` is given. Draft-only checks are "missing"; an old slug redirects.
 */
export async function getPublishedCheck({ slug, number }: { slug: string; number?: number }): Promise<PublicLookup> {
  // A NUL (`%00` in the address) is in no slug, and PostgreSQL refuses it in a query.
  if (slug.includes("\u0000")) return { kind: "missing" };
  const db = await getDb();
  const check = await findLiveCheck(db, slug);
  if (!check) {
    const target = await redirectFor(db, slug);
    return target ? { kind: "redirect", slug: target } : { kind: "missing" };
  }
  const versions = await db
    .select({
      id: publishedVersions.id,
      number: publishedVersions.number,
      checkedOn: publishedVersions.checkedOn,
      changeNote: publishedVersions.changeNote,
    })
    .from(publishedVersions)
    .where(eq(publishedVersions.factCheckId, check.id))
    .orderBy(desc(publishedVersions.number));
  const live = versions.find((v) => v.id === check.liveVersionId);
  if (!live) return { kind: "missing" };
  const wanted = number === undefined ? live : versions.find((v) => v.number === number);
  if (!wanted) return { kind: "missing" };
  const [version] = await db.select().from(publishedVersions).where(eq(publishedVersions.id, wanted.id)).limit(1);
  if (!version) return { kind: "missing" };

  const context = await loadStalenessContext(db);
  const isCurrent = version.id === live.id;
  const facts: LiveCheckFacts = {
    factCheckId: check.id,
    liveVersionId: live.id,
    checkedOn: live.checkedOn,
    topic: version.content.topic,
    refreshIntervalDays: check.refreshIntervalDays,
    nextRefreshAt: check.nextRefreshAt,
  };
  const staleness = isCurrent ? (await stalenessOf(db, [facts], { withReports: false, context })).get(check.id) : undefined;

  const { order } = numberCitations(version.content);
  const snapshot = version.sourcesSnapshot as Record<string, SourceSnapshot>;
  const current = order.length
    ? await db
        .select({ id: sources.id, status: sources.status, statusChangedAt: sources.statusChangedAt })
        .from(sources)
        .where(inArray(sources.id, order))
    : [];
  const currentById = new Map(current.map((s) => [s.id, s]));
  const publicSources: PublicSource[] = order.flatMap((id, index) => {
    const s = snapshot[id];
    if (!s) return [];
    const now = currentById.get(id);
    const changed =
      now && now.status !== "live" && now.statusChangedAt && now.statusChangedAt > version.checkedOn
        ? { status: now.status, at: now.statusChangedAt.toISOString() }
        : null;
    return [{ id, number: index + 1, ...s, changed }];
  });

  return {
    kind: "page",
    factCheckId: check.id,
    slug: check.slug,
    number: version.number,
    currentNumber: live.number,
    isCurrent,
    content: version.content,
    checkedOn: version.checkedOn.toISOString(),
    sources: publicSources,
    relatedLinks: await relatedLinks(db, version.content, check.id),
    versions: versions.map((v) => ({ number: v.number, checkedOn: v.checkedOn.toISOString(), changeNote: v.changeNote })),
    stale: staleness?.stale ?? false,
    staleAt: staleness?.staleAt?.toISOString() ?? null,
    staleReasons: (staleness?.reasons ?? []).map((reason) => ({
      text: describeReasonForReaders(reason, context.site.timeZone),
      sourceNumber: reason.kind === "source" ? reason.number : null,
    })),
    bannerChangesAt: staleness?.changesAt?.toISOString() ?? null,
    site: context.site,
    verdicts: await getVerdictScale(db),
  };
}

/**
 * Related questions that a published check answers: the check assigned from the
 * question (whatever its final wording), else one asking the same question
 * (ignoring case and a final "?").
 */
async function relatedLinks(db: Db, content: Pick<CheckContent, "relatedQuestions">, selfId: string): Promise<Record<string, string>> {
  const wanted = new Map(content.relatedQuestions.map((q) => [normalizedQuestion(q.text), q.id]));
  if (wanted.size === 0) return {};
  const assigned = await db
    .select({ questionId: factChecks.originQuestionId, slug: factChecks.slug })
    .from(factChecks)
    .where(
      and(
        eq(factChecks.originCheckId, selfId),
        isNotNull(factChecks.liveVersionId),
        inArray(factChecks.originQuestionId, content.relatedQuestions.map((q) => q.id)),
      ),
    );
  const rows = await db
    .select({ id: factChecks.id, slug: factChecks.slug, question: sql<string>`${publishedVersions.content}->>'question'` })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .where(
      inArray(
        sql`lower(regexp_replace(regexp_replace(trim(${publishedVersions.content}->>'question'), '\\s*\\?+$', ''), '\\s+', ' ', 'g'))`,
        [...wanted.keys()],
      ),
    );
  const links: Record<string, string> = {};
  for (const row of rows) {
    const id = wanted.get(normalizedQuestion(row.question));
    if (id && row.id !== selfId) links[id] = row.slug;
  }
  for (const row of assigned) if (row.questionId) links[row.questionId] = row.slug;
  return links;
}

/** For the newsroom: which of a check's related questions a published check answers (question id → slug). */
export async function publishedAnswers(check: { id: string; relatedQuestions: CheckContent["relatedQuestions"] }): Promise<Record<string, string>> {
  return relatedLinks(await getDb(), check, check.id);
}

// ---------------------------------------------------------------------------
// Lists: home, search, sitemap, feed

export type PublicListItem = {
  slug: string;
  question: string;
  topic: string | null;
  verdict: string | null;
  checkedOn: string;
  summary: string;
  stale: boolean;
  /** When it turns (or turned) stale, if a rule says so; ISO instant. */
  staleAt: string | null;
};

const SUMMARY_CHARS = 280;

function excerpt(text: string, max = SUMMARY_CHARS): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20))}…`;
}

const liveColumns = {
  factCheckId: factChecks.id,
  slug: factChecks.slug,
  liveVersionId: publishedVersions.id,
  checkedOn: publishedVersions.checkedOn,
  content: publishedVersions.content,
  refreshIntervalDays: factChecks.refreshIntervalDays,
  nextRefreshAt: factChecks.nextRefreshAt,
};

type LiveRow = { factCheckId: string; slug: string; liveVersionId: string; checkedOn: Date; content: CheckContent; refreshIntervalDays: number | null; nextRefreshAt: Date | null };

async function toListItems(db: Db, rows: LiveRow[]): Promise<PublicListItem[]> {
  const staleness = await stalenessOf(
    db,
    rows.map((r) => ({ ...r, topic: r.content.topic })),
    { withReports: false },
  );
  return rows.map((r) => ({
    slug: r.slug,
    question: r.content.question,
    topic: r.content.topic,
    verdict: r.content.verdict,
    checkedOn: r.checkedOn.toISOString(),
    summary: excerpt(docText(r.content.summary)),
    stale: staleness.get(r.factCheckId)?.stale ?? false,
    staleAt: staleness.get(r.factCheckId)?.staleAt?.toISOString() ?? null,
  }));
}

/** The latest published checks, most recently checked first. */
export async function listLatestPublished({ limit = 30 }: { limit?: number } = {}): Promise<PublicListItem[]> {
  const db = await getDb();
  const rows = await db
    .select(liveColumns)
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .orderBy(desc(publishedVersions.checkedOn), asc(factChecks.id))
    .limit(Math.min(Math.max(limit, 1), 100));
  return toListItems(db, rows);
}

export type SearchResult = PublicListItem & { snippet: string };

export const SEARCH_QUERY_MAX = 200;

/**
 * Ranked full-text search over the live versions (question weighs most, then
 * summary and headings, then section text, then related questions). Words are
 * read as a web search box reads them: quotes for phrases, "-word" to exclude.
 */
export async function searchPublished({ q, limit = 20 }: { q: string; limit?: number }): Promise<SearchResult[]> {
  const query = q.replace(/[\s\u0000]+/g, " ").trim().slice(0, SEARCH_QUERY_MAX);
  if (!query) return [];
  const db = await getDb();
  const tsquery = sql`websearch_to_tsquery('english', ${query})`;
  const rows = await db
    .select({
      ...liveColumns,
      rank: sql<number>`ts_rank_cd(${publishedVersions.search}, ${tsquery}, 32)`.as("rank"),
    })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .where(sql`${publishedVersions.search} @@ ${tsquery}`)
    .orderBy(sql`rank desc`, desc(publishedVersions.checkedOn))
    .limit(Math.min(Math.max(limit, 1), 50));
  const items = await toListItems(db, rows);
  return items.map((item) => ({ ...item, snippet: item.summary }));
}

export type SitemapEntry = { slug: string; checkedOn: string };

/**
 * Every published check's address and "Checked on", most recently checked first
 * (a sitemap file holds at most 50,000). Two columns: the archive can be large.
 */
export async function listSitemapEntries({ limit = 50_000 }: { limit?: number } = {}): Promise<SitemapEntry[]> {
  const db = await getDb();
  const rows = await db
    .select({ slug: factChecks.slug, checkedOn: publishedVersions.checkedOn })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .orderBy(desc(publishedVersions.checkedOn), asc(factChecks.id))
    .limit(Math.min(Math.max(limit, 1), 50_000));
  return rows.map((r) => ({ slug: r.slug, checkedOn: r.checkedOn.toISOString() }));
}

export type FeedEntry = { slug: string; question: string; summary: string; checkedOn: string; firstPublished: string };

/** The most recently checked published checks for the feed (a republication comes back with its new date). */
export async function listFeedEntries({ limit = 50 }: { limit?: number } = {}): Promise<FeedEntry[]> {
  const db = await getDb();
  const rows = await db
    .select({
      slug: factChecks.slug,
      content: publishedVersions.content,
      checkedOn: publishedVersions.checkedOn,
      firstPublished: sql<string>`(select min(pv.checked_on) from published_versions pv where pv.fact_check_id = ${factChecks.id})`,
    })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .orderBy(desc(publishedVersions.checkedOn), asc(factChecks.id))
    .limit(Math.min(Math.max(limit, 1), 100));
  return rows.map((r) => ({
    slug: r.slug,
    question: r.content.question,
    summary: excerpt(docText(r.content.summary), 500),
    checkedOn: r.checkedOn.toISOString(),
    firstPublished: new Date(r.firstPublished).toISOString(),
  }));
}
