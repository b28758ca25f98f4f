import "server-only";
/**
 * The `citations` table, an index of which check cites which source where:
 * kept in step with a check's document at every save (`syncCitations`), and read
 * for the sources a document cites (`loadReferenceSources`). Numbering and
 * locations themselves are lib/citations.ts's, shared with the browser.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { citations, sources } from "@/db/schema";
import { citationLocations, numberCitations, SUMMARY_LOCATION, type CitableContent, type ReferenceSource } from "@/lib/citations";
import { DomainError } from "./errors";

type Tx = Pick<Db, "select" | "insert" | "delete">;

/**
 * Brings the `citations` rows of a check in step with its document, inside the
 * caller's transaction (so they always match the saved content): only the
 * rows that differ are deleted or inserted, so a save that changes no citation
 * writes none; with `locations`, only the rows at those locations are read
 * and compared (the caller knows nothing else changed). Citations of sources that do not exist are refused with 422
 * naming them, and the caller's whole write rolls back. Only sources newly
 * cited are looked up: every row already there points to a source that exists
 * (a source cannot be deleted while cited: the foreign key refuses it).
 */
export async function syncCitations(tx: Tx, factCheckId: string, content: CitableContent, locations?: string[]): Promise<void> {
  // Given `locations` (the summary's, sections' ids), only the rows there are compared: those are all that changed.
  const only = locations && new Set(locations);
  if (only?.size === 0) return;
  const rows = citationLocations(
    only ? { summary: only.has(SUMMARY_LOCATION) ? content.summary : null, sections: content.sections.filter((s) => only.has(s.id)) } : content,
  );
  const key = (r: { sourceId: string; location: string }) => `${r.sourceId}\u0000${r.location}`;
  const existing = await tx
    .select({ sourceId: citations.sourceId, location: citations.location })
    .from(citations)
    .where(only ? and(eq(citations.factCheckId, factCheckId), inArray(citations.location, [...only])) : eq(citations.factCheckId, factCheckId));
  const have = new Set(existing.map(key));
  const wanted = new Set(rows.map(key));
  const added = rows.filter((r) => !have.has(key(r)));
  const removed = existing.filter((r) => !wanted.has(key(r)));
  const cited = new Set(existing.map((r) => r.sourceId));
  const ids = [...new Set(added.map((r) => r.sourceId))].filter((id) => !cited.has(id));
  if (ids.length > 0) {
    const found = await tx.select({ id: sources.id }).from(sources).where(inArray(sources.id, ids));
    const known = new Set(found.map((r) => r.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new DomainError(
        "unprocessable",
        `${missing.length === 1 ? "A citation points to a source" : "Citations point to sources"} that ${missing.length === 1 ? "does" : "do"} not exist: ${missing.join(", ")}`,
        { details: { missingSourceIds: missing } },
      );
    }
  }
  if (removed.length > 0) {
    await tx
      .delete(citations)
      .where(
        and(
          eq(citations.factCheckId, factCheckId),
          sql`(${citations.sourceId}, ${citations.location}) in (${sql.join(
            removed.map((r) => sql`(${r.sourceId}, ${r.location})`),
            sql`, `,
          )})`,
        ),
      );
  }
  if (added.length > 0) await tx.insert(citations).values(added.map((r) => ({ ...r, factCheckId })));
}

/** The columns of a source that a reference list shows (ReferenceSource). */
export const referenceColumns = {
  id: sources.id,
  url: sources.url,
  title: sources.title,
  publisher: sources.publisher,
  author: sources.author,
  publishedOn: sources.publishedOn,
  lastVerifiedOn: sources.lastVerifiedOn,
  archivedUrl: sources.archivedUrl,
  status: sources.status,
  archivedCopyId: sources.latestSnapshotId,
  archivedCopyAt: sql<string | null>`to_char(${sources.latestSnapshotAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/** The sources a document cites, in number order, in one query whatever the number of citations. */
export async function loadReferenceSources(db: Pick<Db, "select">, content: CitableContent): Promise<ReferenceSource[]> {
  const { order } = numberCitations(content);
  if (order.length === 0) return [];
  const rows = await db
    .select(referenceColumns)
    .from(sources)
    .where(inArray(sources.id, order));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return order.map((id) => byId.get(id)).filter((r): r is ReferenceSource => !!r);
}

export type { ReferenceSource };
