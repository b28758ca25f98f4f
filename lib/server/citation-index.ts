import "server-only";
/**
 * The `citations` table, an index of which check cites which source where:
 * rebuilt from a check's document with every save (`syncCitations`), and read
 * for the sources a document cites (`loadReferenceSources`). Numbering and
 * locations themselves are lib/citations.ts's, shared with the browser.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { citations, sources } from "@/db/schema";
import { citationLocations, numberCitations, type CitableContent, type ReferenceSource } from "@/lib/citations";
import { DomainError } from "./errors";

type Tx = Pick<Db, "select" | "insert" | "delete">;

/**
 * Rebuilds the `citations` rows of a check from its document, inside the
 * caller's transaction (so they always match the saved content). Citations of
 * sources that do not exist are refused with 422 naming them, and the caller's
 * whole write rolls back.
 */
export async function syncCitations(tx: Tx, factCheckId: string, content: CitableContent): Promise<void> {
  const rows = citationLocations(content);
  const ids = [...new Set(rows.map((r) => r.sourceId))];
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
  await tx.delete(citations).where(eq(citations.factCheckId, factCheckId));
  if (rows.length > 0) await tx.insert(citations).values(rows.map((r) => ({ ...r, factCheckId })));
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
