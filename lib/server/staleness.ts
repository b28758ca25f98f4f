import "server-only";
/**
 * Staleness from the database: loads what the rules (lib/staleness-rules.ts,
 * pure) need to know of published checks (cited sources' status, open reader
 * reports, the site's and topics' refresh intervals), and expires the public
 * pages that a source's change makes stale.
 */
import { and, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { factChecks, outdatedReports, publishedCitations, publishedVersions, sources, type CheckContent } from "@/db/schema";
import { numberCitations } from "@/lib/citations";
import { computeStaleness, type ChangedSourceText, type CitedSourceState, type OpenReport, type Staleness } from "@/lib/staleness-rules";
import type { Actor } from "./actor";
import { now } from "./clock";
import { invalidatePublic, PUBLIC_TAGS } from "./public-cache";
import { effectiveInterval, getSiteSettings, listTopicPolicies, type SiteSettings, type TopicPolicy } from "./settings";

/** What staleness needs to know about one published check. */
export type LiveCheckFacts = {
  factCheckId: string;
  liveVersionId: string;
  checkedOn: Date;
  topic: string | null;
  refreshIntervalDays: number | null;
  nextRefreshAt: Date | null;
};

export type StalenessContext = { site: SiteSettings; policies: TopicPolicy[]; at: Date };

export async function loadStalenessContext(db: Db): Promise<StalenessContext> {
  const [site, policies] = await Promise.all([getSiteSettings(db), listTopicPolicies(db)]);
  return { site, policies, at: now() };
}

/**
 * Staleness of many published checks in a fixed number of queries: the cited
 * sources whose status changed after each check's `checkedOn` (through
 * `published_citations` of the live version) and, for staff, open reader
 * reports and the cited sources whose text the link checker found changed
 * after `checkedOn` (queue reasons, never the banner's).
 */
export async function stalenessOf(
  db: Db,
  checks: readonly LiveCheckFacts[],
  { withReports, context }: { withReports: boolean; context?: StalenessContext },
): Promise<Map<string, Staleness>> {
  const ctx = context ?? (await loadStalenessContext(db));
  const result = new Map<string, Staleness>();
  if (checks.length === 0) return result;
  const versionIds = checks.map((c) => c.liveVersionId);

  const changed = await db
    .select({
      versionId: publishedCitations.versionId,
      sourceId: sources.id,
      title: sources.title,
      status: sources.status,
      statusChangedAt: sources.statusChangedAt,
    })
    .from(publishedCitations)
    .innerJoin(sources, eq(sources.id, publishedCitations.sourceId))
    .innerJoin(publishedVersions, eq(publishedVersions.id, publishedCitations.versionId))
    .where(
      and(
        inArray(publishedCitations.versionId, versionIds),
        ne(sources.status, "live"),
        gt(sources.statusChangedAt, publishedVersions.checkedOn),
      ),
    );

  const textChanged = withReports
    ? await db
        .select({ versionId: publishedCitations.versionId, sourceId: sources.id, title: sources.title, changedAt: sources.textChangedAt })
        .from(publishedCitations)
        .innerJoin(sources, eq(sources.id, publishedCitations.sourceId))
        .innerJoin(publishedVersions, eq(publishedVersions.id, publishedCitations.versionId))
        .where(and(inArray(publishedCitations.versionId, versionIds), gt(sources.textChangedAt, publishedVersions.checkedOn)))
    : [];

  // Numbers ([n]) only for the few versions that have a changed source.
  const numbered = new Map<string, Map<string, number>>();
  const needNumbers = [...new Set([...changed, ...textChanged].map((c) => c.versionId))];
  if (needNumbers.length) {
    const contents = await db
      .select({ id: publishedVersions.id, content: publishedVersions.content })
      .from(publishedVersions)
      .where(inArray(publishedVersions.id, needNumbers));
    for (const row of contents) numbered.set(row.id, numberCitations(row.content).numbers);
  }

  const reports = new Map<string, OpenReport[]>();
  if (withReports) {
    const rows = await db
      .select({ id: outdatedReports.id, factCheckId: outdatedReports.factCheckId, note: outdatedReports.note, createdAt: outdatedReports.createdAt })
      .from(outdatedReports)
      .where(and(inArray(outdatedReports.factCheckId, checks.map((c) => c.factCheckId)), isNull(outdatedReports.resolvedAt)));
    for (const r of rows) {
      const list = reports.get(r.factCheckId) ?? [];
      list.push({ id: r.id, note: r.note, createdAt: r.createdAt });
      reports.set(r.factCheckId, list);
    }
  }

  const changedByVersion = new Map<string, CitedSourceState[]>();
  for (const c of changed) {
    const list = changedByVersion.get(c.versionId) ?? [];
    list.push({
      sourceId: c.sourceId,
      number: numbered.get(c.versionId)?.get(c.sourceId) ?? null,
      title: c.title,
      status: c.status,
      statusChangedAt: c.statusChangedAt,
    });
    changedByVersion.set(c.versionId, list);
  }

  const textByVersion = new Map<string, ChangedSourceText[]>();
  for (const t of textChanged) {
    if (!t.changedAt) continue;
    const list = textByVersion.get(t.versionId) ?? [];
    list.push({ sourceId: t.sourceId, number: numbered.get(t.versionId)?.get(t.sourceId) ?? null, title: t.title, changedAt: t.changedAt });
    textByVersion.set(t.versionId, list);
  }

  for (const check of checks) {
    const interval = effectiveInterval(check, ctx.policies, ctx.site);
    result.set(
      check.factCheckId,
      computeStaleness({
        checkedOn: check.checkedOn,
        refreshIntervalDays: interval.days,
        intervalFrom: interval.from,
        nextRefreshAt: check.nextRefreshAt,
        sources: changedByVersion.get(check.liveVersionId) ?? [],
        reports: reports.get(check.factCheckId) ?? [],
        textChanges: textByVersion.get(check.liveVersionId) ?? [],
        now: ctx.at,
        timeZone: ctx.site.timeZone,
      }),
    );
  }
  return result;
}

/** Facts of one check's live version, or null when it was never published. */
export async function liveFactsOf(db: Db, factCheckId: string): Promise<(LiveCheckFacts & { content: CheckContent; slug: string }) | null> {
  const [row] = await db
    .select({
      factCheckId: factChecks.id,
      liveVersionId: publishedVersions.id,
      checkedOn: publishedVersions.checkedOn,
      content: publishedVersions.content,
      refreshIntervalDays: factChecks.refreshIntervalDays,
      nextRefreshAt: factChecks.nextRefreshAt,
      slug: factChecks.slug,
    })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .where(eq(factChecks.id, factCheckId))
    .limit(1);
  return row ? { ...row, topic: row.content.topic } : null;
}

/**
 * A source's status changed: call inside the transaction that changed it
 * (lib/server/sources.ts does). Expires the public pages of every published
 * check whose live version cites the source, so their banner and Sources list
 * follow; in a request the expiry applies when the response completes, after
 * the commit. Returns the ids of those checks.
 */
export async function expireCitingPages(tx: Db, { sourceId }: { sourceId: string }): Promise<string[]> {
  const citing = await tx
    .selectDistinct({ id: factChecks.id })
    .from(publishedCitations)
    .innerJoin(factChecks, eq(factChecks.liveVersionId, publishedCitations.versionId))
    .where(eq(publishedCitations.sourceId, sourceId));
  invalidatePublic([PUBLIC_TAGS.lists, ...citing.map((c) => PUBLIC_TAGS.check(c.id))]);
  return citing.map((c) => c.id);
}

/** Ids of the published checks whose live version cites a source (for tests and the source page). */
export async function liveChecksCiting(sourceId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ id: factChecks.id })
    .from(publishedCitations)
    .innerJoin(factChecks, eq(factChecks.liveVersionId, publishedCitations.versionId))
    .where(eq(publishedCitations.sourceId, sourceId));
  return rows.map((r) => r.id);
}

/** The staleness of one published check as staff see it (with reader reports); null when not published. */
export async function getCheckStaleness({ actor, factCheckId }: { actor: Actor; factCheckId: string }): Promise<Staleness | null> {
  void actor; // Any signed-in staff member may see why a published (public) check is stale.
  const db = await getDb();
  const facts = await liveFactsOf(db, factCheckId);
  if (!facts) return null;
  return (await stalenessOf(db, [facts], { withReports: true })).get(factCheckId) ?? null;
}

