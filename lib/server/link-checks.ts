import "server-only";
/**
 * Living sources (docs/sources.md, "Link checking"): every source cited by a
 * published check is looked at once a day, at a minute of the day of its own
 * (so the library's checks spread over the day), and each look is kept.
 *
 * What a look changes, in one transaction under the source's row lock:
 * - failures that mean the page is gone or its server unreachable (404, 410,
 *   5xx, DNS, refused, timeout, …) in a row: on the third, once the first is
 *   at least 7 days old, a `live` source becomes `unreachable`, set by the
 *   link checker with the reason; it feeds staleness, the approval gate and
 *   email as `dead` does. A source the checker made unreachable is `live`
 *   again as soon as its server answers. A status a person set wins: the
 *   checker changes only `live` and its own `unreachable`, and a person's
 *   change starts its count again;
 * - the main text's hash (lib/main-text.ts): when it differs from the last
 *   one, `text_changed_at` is stamped (the refresh queue lists each check
 *   checked before it: "source changed on …") and a new archived copy taken;
 * - a permanent redirect (every hop 301 or 308) to another address is offered
 *   as the new URL (`redirect_url`) until someone accepts it (the URL changes
 *   through updateSource, where dedupe holds) or the address answers without it.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, type Db } from "@/db";
import { factChecks, linkChecks, publishedCitations, sources, sourceSnapshots, type LinkCheckRow, type SourceRow } from "@/db/schema";
import { formatLongDate } from "@/lib/date-format";
import { parseSourceUrl } from "@/lib/url";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { notFound } from "./errors";
import { GONE_FAILURES, hostTurnsFor, linkCheckerConfig, lookAt, type LinkCheckerConfig, type Look } from "./link-checker";
import { authorize } from "./policies/newsroom";
import { deleteSnapshotHtml, isSnapshotMissing, isSnapshotStoreError, readSnapshotHtml, storeSnapshotHtml, type SnapshotStoreKind, type StoredHtml } from "./snapshots";
import { recordSourceChange } from "./source-history";
import { notifyCitingOwners } from "./sources";
import { expireCitingPages } from "./staleness";

const DAY_MS = 86_400_000;

/** Failures in a row, and the days between the first and the last, that make a source unreachable. */
export const UNREACHABLE_RULE = { failures: 3, days: 7 } as const;

export type LinkCheckTrigger = "schedule" | "manual" | "added";

/** A look as the API answers it: `{ checkedAt, outcome, httpStatus?, error?, finalUrl? }` and a few more. */
export type LinkCheckDto = {
  id: string;
  checkedAt: string;
  outcome: "ok" | "failed" | "blocked";
  httpStatus?: number;
  error?: string;
  finalUrl?: string;
  /** Why it failed or was blocked, in one word: not_found, gone, server_error, dns, refused, timeout, robots, blocked, … */
  failure?: string;
  /** SHA-256 of the page's main text. */
  contentHash?: string;
  redirects?: { url: string; status: number }[];
  trigger: LinkCheckTrigger;
  durationMs: number;
};

function toDto(row: LinkCheckRow): LinkCheckDto {
  return {
    id: row.id,
    checkedAt: row.checkedAt.toISOString(),
    outcome: row.outcome,
    ...(row.httpStatus !== null ? { httpStatus: row.httpStatus } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.finalUrl !== null ? { finalUrl: row.finalUrl } : {}),
    ...(row.failure !== null ? { failure: row.failure } : {}),
    ...(row.contentHash !== null ? { contentHash: row.contentHash } : {}),
    ...(row.redirects && row.redirects.length ? { redirects: row.redirects } : {}),
    trigger: row.trigger as LinkCheckTrigger,
    durationMs: row.durationMs,
  };
}

/**
 * When a source is next due: its own minute of the day (from its id), at least
 * twelve hours from now, so that a library's checks spread over the day.
 */
export function nextCheckTime(sourceId: string, at: Date): Date {
  const minute = createHash("sha256").update(sourceId).digest().readUInt32BE(0) % 1440;
  const startOfDay = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  let next = startOfDay + minute * 60_000;
  while (next < at.getTime() + 12 * 3_600_000) next += DAY_MS;
  return new Date(next);
}

/** Writes per check, for the benchmark: the look's row and the source's update, plus an archived copy or a status change when they happen. */
export type RecordedCheck = { check: LinkCheckRow; statusChanged: boolean; textChanged: boolean; snapshotTaken: boolean; writes: number };

type LookToRecord = { sourceId: string; url: string; look: Look; trigger: LinkCheckTrigger; actorId?: string | null; at: Date; durationMs: number };

/**
 * Keeps a look at `url` (the source's address when the look began) and applies
 * what it means to the source. A look at an address the source no longer has
 * (someone changed it meanwhile) is kept in the history and changes nothing else.
 */
export async function recordLook(db: Db, input: LookToRecord): Promise<RecordedCheck> {
  // The copy is written to its store before the source is locked, when the look will most likely be kept as
  // one: a slow file system or bucket then holds no row lock. The transaction decides again under the lock.
  const wanted = await copyWanted(db, input);
  const early = wanted ? await takeCopy(input.sourceId, input.look.html!) : null;
  const taken: { copy: TakenCopy | null; tried: boolean } = { copy: early, tried: wanted };
  try {
    const recorded = await recordLookInTransaction(db, input, taken);
    // Someone else's look kept a copy of this text meanwhile: this one is not needed.
    if (early && !recorded.snapshotTaken) await removeCopy(early, "an archived copy that was not needed");
    return recorded;
  } catch (error) {
    if (taken.copy) await removeCopy(taken.copy, "the archived copy of a failed check");
    throw error;
  }
}

type TakenCopy = { snapshotId: string; stored: StoredHtml };

/** Whether the look, kept now, would take a copy (the same rule as in the transaction, read without a lock). */
async function copyWanted(db: Db, { sourceId, url, look }: LookToRecord): Promise<boolean> {
  if (look.outcome !== "ok" || look.html === null || look.mainText === null || look.textHash === null) return false;
  const [current] = await db
    .select({ url: sources.url, textHash: sources.textHash, latestSnapshotId: sources.latestSnapshotId })
    .from(sources)
    .where(eq(sources.id, sourceId));
  return !!current && current.url === url && takesCopy(current, look.textHash);
}

/** A look with text takes a copy when the source has none yet, or when its text changed. */
function takesCopy(current: { textHash: string | null; latestSnapshotId: string | null }, textHash: string): boolean {
  return current.latestSnapshotId === null || (current.textHash !== null && current.textHash !== textHash);
}

/**
 * Keeps the look's HTML where FACTDESK_SNAPSHOT_STORE says (lib/server/snapshots.ts). A store that fails
 * costs this copy only: the look is still kept, and the next look with a new text tries again.
 */
async function takeCopy(sourceId: string, html: string): Promise<TakenCopy | null> {
  const snapshotId = randomUUID();
  try {
    return { snapshotId, stored: await storeSnapshotHtml({ sourceId, snapshotId, html }) };
  } catch (error) {
    console.error(`link checker: the archived copy of source ${sourceId} was not kept: ${error instanceof Error ? error.message : error}`);
    return null;
  }
}

async function removeCopy({ stored }: TakenCopy, what: string): Promise<void> {
  if (!stored.objectKey) return;
  await deleteSnapshotHtml([stored]).catch((cleanup) => console.error(`link checker: could not remove ${what}`, cleanup));
}

async function recordLookInTransaction(
  db: Db,
  { sourceId, url, look, trigger, actorId = null, at, durationMs }: LookToRecord,
  taken: { copy: TakenCopy | null; tried: boolean },
): Promise<RecordedCheck> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(sources).where(eq(sources.id, sourceId)).for("update");
    if (!current) throw notFound("Source not found");
    let writes = 0;
    const [check] = await tx
      .insert(linkChecks)
      .values({
        sourceId,
        checkedAt: at,
        outcome: look.outcome,
        failure: look.failure,
        httpStatus: look.httpStatus,
        finalUrl: look.outcome === "blocked" && look.redirects.length === 0 ? null : look.finalUrl,
        contentHash: look.textHash,
        error: look.error,
        redirects: look.redirects.length ? look.redirects : null,
        durationMs,
        trigger,
        actorId,
      })
      .returning();
    writes += 1;

    const set: Partial<typeof sources.$inferInsert> = { lastCheckedAt: at, nextCheckAt: nextCheckTime(sourceId, at) };
    let statusChanged = false;
    let textChanged = false;
    let snapshotTaken = false;
    const sameAddress = current.url === url;
    const gone = look.outcome === "failed" && look.failure !== null && GONE_FAILURES.has(look.failure);
    const answered = look.httpStatus !== null && !gone;

    if (sameAddress && gone) {
      const failingSince = current.failingSince ?? at;
      const failureCount = current.failureCount + 1;
      set.failingSince = failingSince;
      set.failureCount = failureCount;
      if (current.status === "live" && failureCount >= UNREACHABLE_RULE.failures && at.getTime() - failingSince.getTime() >= UNREACHABLE_RULE.days * DAY_MS) {
        Object.assign(set, {
          status: "unreachable",
          statusChangedAt: at,
          statusSetByChecker: true,
          statusSetById: null,
          statusNote: `The link checker could not reach it on ${failureCount} checks since ${formatLongDate(failingSince)}: ${look.error ?? look.failure}`,
        });
        statusChanged = true;
      }
    } else if (sameAddress && answered) {
      set.failingSince = null;
      set.failureCount = 0;
      if (current.status === "unreachable" && current.statusSetByChecker) {
        Object.assign(set, {
          status: "live",
          statusChangedAt: at,
          statusSetByChecker: true,
          statusSetById: null,
          statusNote: `Online again: it answered the link checker (HTTP ${look.httpStatus}).`,
        });
        statusChanged = true;
      }
    }

    if (sameAddress && look.outcome === "ok") {
      if (look.textHash !== null) {
        if (current.textHash === null) set.textHash = look.textHash;
        else if (current.textHash !== look.textHash) {
          set.textHash = look.textHash;
          set.textChangedAt = at;
          textChanged = true;
        }
      }
      // A permanent move to another address is offered as the new URL; an answer without one withdraws the offer.
      const target = look.permanentRedirect ? parseSourceUrl(look.finalUrl) : null;
      set.redirectUrl = target?.ok && target.normalized !== current.normalizedUrl ? target.url : null;
      if (look.html !== null && look.mainText !== null && look.textHash !== null && takesCopy(current, look.textHash)) {
        // Normally written before the lock (a store that refused then is not asked twice); taken here only
        // when the source changed in between.
        if (!taken.tried) taken.copy = await takeCopy(sourceId, look.html);
        const copy = taken.copy;
        if (copy) {
          const { snapshotId, stored } = copy;
          await tx.insert(sourceSnapshots).values({
            id: snapshotId,
            sourceId,
            takenAt: at,
            url: look.finalUrl,
            contentType: look.contentType,
            ...stored,
            mainText: look.mainText,
            textHash: look.textHash,
            bytes: Buffer.byteLength(look.html),
            truncated: look.truncated,
          });
          writes += 1;
          set.latestSnapshotId = snapshotId;
          set.latestSnapshotAt = at;
          snapshotTaken = true;
        }
      }
    }

    const [row] = await tx.update(sources).set(set).where(eq(sources.id, sourceId)).returning();
    writes += 1;
    if (statusChanged) {
      const changes = {
        status: { from: current.status, to: row!.status },
        statusNote: { from: current.statusNote, to: row!.statusNote },
      };
      await recordSourceChange(tx, { sourceId, actorId: null, at, changes });
      await recordAudit(tx, {
        actorId: null,
        action: "source.status_changed",
        entityType: "source",
        entityId: sourceId,
        data: { changes, by: "link_checker", linkCheckId: check!.id },
      });
      await notifyCitingOwners(tx, null, row!);
      await expireCitingPages(tx, { sourceId });
      writes += 3;
    }
    return { check: check!, statusChanged, textChanged, snapshotTaken, writes };
  });
}

/** Looks at one source now and keeps the result. */
async function checkSource(
  { source, trigger, actorId, config }: { source: Pick<SourceRow, "id" | "url">; trigger: LinkCheckTrigger; actorId?: string | null; config: LinkCheckerConfig },
): Promise<RecordedCheck & { look: Look }> {
  const started = Date.now();
  const look = await lookAt(source.url, config, hostTurnsFor(config.hostDelayMs));
  const db = await getDb();
  const recorded = await recordLook(db, { sourceId: source.id, url: source.url, look, trigger, actorId, at: now(), durationMs: Date.now() - started });
  return { ...recorded, look };
}

/** `POST /api/v1/sources/:id/link-checks`: one check now (editors and admins). */
export async function checkSourceNow({ actor, id, config = linkCheckerConfig() }: { actor: Actor; id: string; config?: LinkCheckerConfig }): Promise<LinkCheckDto> {
  authorize(actor, "check_links");
  const db = await getDb();
  const [source] = await db.select({ id: sources.id, url: sources.url }).from(sources).where(eq(sources.id, id));
  if (!source) throw notFound("Source not found");
  const { check } = await checkSource({ source, trigger: "manual", actorId: actor.id, config });
  return toDto(check);
}

/** The queue's job for a source just added: its first look, and so its first archived copy. */
export async function checkAddedSource({ sourceId, config = linkCheckerConfig() }: { sourceId: string; config?: LinkCheckerConfig }): Promise<void> {
  const db = await getDb();
  const [source] = await db.select({ id: sources.id, url: sources.url, lastCheckedAt: sources.lastCheckedAt }).from(sources).where(eq(sources.id, sourceId));
  // Deleted since, or already looked at: nothing to do.
  if (!source || source.lastCheckedAt) return;
  await checkSource({ source, trigger: "added", config });
}

/** `GET /api/v1/sources/:id/link-checks`: the history, newest first (every staff member, as on the source's page). */
export async function listLinkChecks({ actor, id, limit = 100 }: { actor: Actor; id: string; limit?: number }): Promise<{ data: LinkCheckDto[] }> {
  void actor; // every staff member reads the library
  const db = await getDb();
  const [source] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, id));
  if (!source) throw notFound("Source not found");
  const rows = await db
    .select()
    .from(linkChecks)
    .where(eq(linkChecks.sourceId, id))
    .orderBy(desc(linkChecks.checkedAt), desc(linkChecks.id))
    .limit(Math.min(Math.max(1, limit), 500));
  return { data: rows.map(toDto) };
}

// ---------------------------------------------------------------------------
// The scheduled run

export type LinkCheckRunSummary = {
  checked: number;
  ok: number;
  failed: number;
  blocked: number;
  statusChanges: number;
  textChanges: number;
  /** HTTP requests sent (robots.txt included). */
  requests: number;
  /** Database writes (rows inserted or updated). */
  writes: number;
  /** Every due source was checked (false when the time budget ran out first). */
  complete: boolean;
};

/** Sources cited by a published check's live version whose turn has come. */
function dueCondition(at: Date) {
  return and(
    or(isNull(sources.nextCheckAt), lte(sources.nextCheckAt, at)),
    sql`exists (select 1 from ${publishedCitations} pc join ${factChecks} f on f.live_version_id = pc.version_id where pc.source_id = ${sources.id})`,
  );
}

/**
 * Takes up to `limit` due sources for this run: their next check moves an hour
 * ahead at once (`SKIP LOCKED`), so another instance's run does not take them too.
 */
async function claimDue(db: Db, at: Date, limit: number): Promise<{ id: string; url: string }[]> {
  const until = new Date(at.getTime() + 3_600_000);
  return db
    .update(sources)
    .set({ nextCheckAt: until })
    .where(
      sql`${sources.id} in (select ${sources.id} from ${sources} where ${dueCondition(at)} order by ${sources.nextCheckAt} asc nulls first limit ${limit} for update skip locked)`,
    )
    .returning({ id: sources.id, url: sources.url });
}

/**
 * One scheduled run: checks every due source, up to `budgetMs` of work (what
 * is left waits for the next run), `concurrency` hosts at a time, each host's
 * sources one after the other with its pause between requests.
 */
export async function runLinkChecks({
  config = linkCheckerConfig(),
  budgetMs = 8 * 60_000,
  concurrency = 16,
  batchSize = 500,
}: { config?: LinkCheckerConfig; budgetMs?: number; concurrency?: number; batchSize?: number } = {}): Promise<LinkCheckRunSummary> {
  const started = Date.now();
  const db = await getDb();
  const summary: LinkCheckRunSummary = { checked: 0, ok: 0, failed: 0, blocked: 0, statusChanges: 0, textChanges: 0, requests: 0, writes: 0, complete: false };
  for (;;) {
    if (Date.now() - started > budgetMs) return summary;
    const claimed = await claimDue(db, now(), batchSize);
    summary.writes += claimed.length;
    if (claimed.length === 0) {
      summary.complete = true;
      return summary;
    }
    const byHost = new Map<string, { id: string; url: string }[]>();
    for (const source of claimed) {
      let host = "";
      try {
        host = new URL(source.url).host.toLowerCase();
      } catch {
        // Checked on its own: the look says why it cannot be fetched.
      }
      const list = byHost.get(host) ?? [];
      list.push(source);
      byHost.set(host, list);
    }
    const hosts = [...byHost.values()];
    const worker = async () => {
      for (let list = hosts.shift(); list; list = hosts.shift()) {
        for (const source of list) {
          // Out of time: the rest of this batch is due again within the hour (claimDue moved it).
          if (Date.now() - started > budgetMs) return;
          try {
            const result = await checkSource({ source, trigger: "schedule", config });
            summary.checked += 1;
            summary[result.check.outcome] += 1;
            summary.requests += result.look.requests;
            summary.writes += result.writes;
            if (result.statusChanged) summary.statusChanges += 1;
            if (result.textChanged) summary.textChanges += 1;
          } catch (error) {
            // A source deleted meanwhile, or the database away for a moment: the next run tries again.
            if ((error as { code?: string }).code !== "not_found") console.error(`Link check of source ${source.id} failed:`, error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, hosts.length) }, worker));
  }
}

// ---------------------------------------------------------------------------
// Archived copies

export type SnapshotSummary = { id: string; takenAt: string; url: string; bytes: number; truncated: boolean };

/** A source's archived copies, newest first (staff). */
export async function listSnapshots({ actor, sourceId }: { actor: Actor; sourceId: string }): Promise<SnapshotSummary[]> {
  void actor; // every staff member reads the library
  const db = await getDb();
  const rows = await db
    .select({ id: sourceSnapshots.id, takenAt: sourceSnapshots.takenAt, url: sourceSnapshots.url, bytes: sourceSnapshots.bytes, truncated: sourceSnapshots.truncated })
    .from(sourceSnapshots)
    .where(eq(sourceSnapshots.sourceId, sourceId))
    .orderBy(desc(sourceSnapshots.takenAt))
    .limit(100);
  return rows.map((r) => ({ ...r, takenAt: r.takenAt.toISOString() }));
}

/** Why a copy's HTML could not be read: gone from its store, or the store could not be asked. */
export type SnapshotUnavailable = { reason: "missing" | "unreachable"; store: SnapshotStoreKind; key: string | null; message: string };

/**
 * One archived copy with its HTML, from whichever store keeps it (staff; served
 * sandboxed by app/(desk)/sources/[id]/archive/[snapshotId]). When the row is
 * there but its HTML cannot be read, `html` is null and `unavailable` says why
 * (an answer, not an error: the route may be bundled with its own copy of
 * lib/server/snapshots.ts, where an error class of this one is not recognised).
 */
export async function getSnapshot({ actor, sourceId, snapshotId }: { actor: Actor; sourceId: string; snapshotId: string }) {
  void actor;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(snapshotId)) throw notFound("Archived copy not found");
  const db = await getDb();
  const [row] = await db
    .select()
    .from(sourceSnapshots)
    .where(and(eq(sourceSnapshots.id, snapshotId), eq(sourceSnapshots.sourceId, sourceId)));
  if (!row) throw notFound("Archived copy not found");
  try {
    return { ...row, html: await readSnapshotHtml(row), unavailable: null };
  } catch (error) {
    if (isSnapshotMissing(error)) return { ...row, html: null, unavailable: { reason: "missing", store: error.store, key: error.key, message: error.message } satisfies SnapshotUnavailable };
    if (isSnapshotStoreError(error)) {
      console.error(`archived copy ${snapshotId} of source ${sourceId}: ${error.message}`);
      return { ...row, html: null, unavailable: { reason: "unreachable", store: error.store, key: row.objectKey, message: error.message } satisfies SnapshotUnavailable };
    }
    throw error;
  }
}
