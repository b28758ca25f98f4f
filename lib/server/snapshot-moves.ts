import "server-only";
/**
 * Moves archived copies' HTML from the store each was written to into another
 * (`npm run snapshots:move`): a library that outgrew its database goes to an
 * S3 bucket, or a bucket's copies come home. Changing FACTDESK_SNAPSHOT_STORE
 * alone sends only new copies to the new store (docs/sources.md).
 *
 * Each copy, one after the other: its HTML is read from where its row says,
 * written to the new store, the row is changed to name it only if it still
 * names the old place (a copy deleted or moved meanwhile keeps nothing in the
 * new store), and only then is the old place emptied. A stop at any point
 * leaves every copy readable, and running it again carries on.
 */
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { sourceSnapshots } from "@/db/schema";
import { deleteSnapshotHtml, isSnapshotMissing, newCopiesStore, readSnapshotHtml, storeSnapshotHtml, type SnapshotStoreKind } from "./snapshots";

export type SnapshotMove = {
  /** Copies now in the new store. */
  moved: number;
  /** Copies whose HTML was missing from their store: left as they were (their page says so). */
  missing: number;
  /** Copies a store failed on (reading, writing or deleting): left readable where they were, each logged. */
  failed: number;
};

export async function moveSnapshots({
  to = newCopiesStore(),
  sourceId,
  batch = 100,
  onProgress,
}: {
  to?: SnapshotStoreKind;
  /** Only this source's copies. */
  sourceId?: string;
  batch?: number;
  onProgress?: (done: SnapshotMove) => void;
} = {}): Promise<SnapshotMove> {
  const db = await getDb();
  const done: SnapshotMove = { moved: 0, missing: 0, failed: 0 };
  let after = "";
  for (;;) {
    const rows = await db
      .select({ id: sourceSnapshots.id, sourceId: sourceSnapshots.sourceId, store: sourceSnapshots.store, html: sourceSnapshots.html, objectKey: sourceSnapshots.objectKey })
      .from(sourceSnapshots)
      .where(and(ne(sourceSnapshots.store, to), gt(sourceSnapshots.id, after), sourceId ? eq(sourceSnapshots.sourceId, sourceId) : undefined))
      .orderBy(asc(sourceSnapshots.id))
      .limit(batch);
    if (rows.length === 0) return done;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      let html: string;
      try {
        html = await readSnapshotHtml(row);
      } catch (error) {
        if (isSnapshotMissing(error)) done.missing += 1;
        else {
          done.failed += 1;
          console.error(`archived copy ${row.id}: not moved, its ${row.store} store failed: ${(error as Error).message}`);
        }
        continue;
      }
      let stored;
      try {
        stored = await storeSnapshotHtml({ sourceId: row.sourceId, snapshotId: row.id, html, kind: to });
      } catch (error) {
        done.failed += 1;
        console.error(`archived copy ${row.id}: not moved, the ${to} store failed: ${(error as Error).message}`);
        continue;
      }
      const changed = await db
        .update(sourceSnapshots)
        .set(stored)
        .where(and(eq(sourceSnapshots.id, row.id), eq(sourceSnapshots.store, row.store), sql`${sourceSnapshots.objectKey} is not distinct from ${row.objectKey}`))
        .returning({ id: sourceSnapshots.id });
      // The place no row names any more: the old one, or the new one when the row changed meanwhile.
      const unused = changed.length ? row : stored;
      await deleteSnapshotHtml([unused]).catch((error: unknown) => {
        console.error(`archived copy ${row.id}: HTML no row names any more (${unused.store}) could not be removed: ${(error as Error).message}`);
      });
      if (changed.length) done.moved += 1;
    }
    onProgress?.({ ...done });
  }
}
