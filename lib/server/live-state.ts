import "server-only";
/**
 * A check's stored live state (`fact_check_documents`, see
 * lib/server/live-documents.ts): reading and writing it, and bringing it in
 * step with content written outside the live server.
 *
 * The state is stored as a base and the updates written since, each only
 * what its writer added (`writeChanges`), so that a store of a large document
 * after one keystroke writes a few bytes, not the whole document. Every write
 * is numbered (`seq`, under the check's row lock): a writer that knows the
 * number of its own last write knows whether anyone else wrote since, and
 * reads only what they wrote. When the updates grow past `COMPACT_AFTER`, the
 * next write folds them into a new base.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import * as Y from "yjs";
import type { Db } from "@/db";
import { factCheckDocumentUpdates, factCheckDocuments } from "@/db/schema";
import { applyContent, CLAIM_FRAGMENTS, claimMap, type LiveContent } from "@/lib/collab/document";

type Tx = Pick<Db, "select" | "insert" | "update" | "delete">;

/**
 * The claim fields a live state written before they were part of it lacks,
 * with the stored values (an empty object when it has them all).
 */
export function missingClaimFields(doc: Y.Doc, row: Pick<Required<LiveContent>, "claimReviewed" | "verdict" | "claimAppearance">): Partial<LiveContent> {
  const missing: Partial<LiveContent> = {};
  for (const key of CLAIM_FRAGMENTS) if (doc.getXmlFragment(key).length === 0) missing[key] = row[key];
  if (!claimMap(doc).has("verdict")) missing.verdict = row.verdict;
  return missing;
}

/** Where a check's stored state stands: the number of its last write, and what lies beyond its base. */
export type StoredHead = {
  /** The number of the last write (the base's when no update followed). */
  seq: number;
  /** The number of the last write the base holds. */
  baseSeq: number;
  /** The updates stored since the base: how many, and their bytes. */
  updates: number;
  updateBytes: number;
};

/** When the updates since the base are folded into it: each is read by every opening until then. */
export const COMPACT_AFTER = { updates: 64, bytes: 256 * 1024 };

/** Where the stored state stands, without reading it (null: the check has no live state). */
export async function readHead(tx: Pick<Db, "select">, factCheckId: string): Promise<StoredHead | null> {
  const [row] = await tx
    .select({
      baseSeq: factCheckDocuments.baseSeq,
      seq: sql<number>`coalesce(max(${factCheckDocumentUpdates.seq}), ${factCheckDocuments.baseSeq})`.mapWith(Number),
      updates: sql<number>`count(${factCheckDocumentUpdates.seq})`.mapWith(Number),
      updateBytes: sql<number>`coalesce(sum(octet_length(${factCheckDocumentUpdates.update})), 0)`.mapWith(Number),
    })
    .from(factCheckDocuments)
    .leftJoin(factCheckDocumentUpdates, eq(factCheckDocumentUpdates.factCheckId, factCheckDocuments.factCheckId))
    .where(eq(factCheckDocuments.factCheckId, factCheckId))
    .groupBy(factCheckDocuments.factCheckId, factCheckDocuments.baseSeq);
  return row ?? null;
}

/**
 * The stored writes after write number `since` (all of them, the base first,
 * when `since` is null or the base has folded in writes after it), in order:
 * applied to a document that holds everything up to `since`, they give it the
 * whole stored state. One statement, so that a reader without the check's
 * lock sees the base and the updates of one moment (a write that folds the
 * updates into the base in between loses it none).
 */
export async function readWrites(tx: Pick<Db, "select">, factCheckId: string, head: StoredHead | null, since: number | null): Promise<Uint8Array[]> {
  const whole = since === null || !head || head.baseSeq > since;
  const updates = tx
    .select({ bytes: base64Of(factCheckDocumentUpdates.update), seq: factCheckDocumentUpdates.seq })
    .from(factCheckDocumentUpdates)
    .where(whole ? eq(factCheckDocumentUpdates.factCheckId, factCheckId) : and(eq(factCheckDocumentUpdates.factCheckId, factCheckId), gt(factCheckDocumentUpdates.seq, since)));
  const rows = whole
    ? await tx
        .select({ bytes: base64Of(factCheckDocuments.state), seq: sql<number>`-1`.mapWith(Number) })
        .from(factCheckDocuments)
        .where(eq(factCheckDocuments.factCheckId, factCheckId))
        .unionAll(updates)
        .orderBy(sql`2`)
    : await updates.orderBy(factCheckDocumentUpdates.seq);
  return rows.map((row) => new Uint8Array(Buffer.from(row.bytes, "base64")));
}

/**
 * A `bytea` column read as base64 text. The state is most of what opening a
 * check reads (89 KB for 40 sections): as `bytea` it comes as hex text, twice
 * its size, and PGlite sorts it (the union's order) and converts it slowly;
 * as base64 it reads several times faster on either backend. Node's decoder
 * skips the line breaks Postgres puts in it.
 */
function base64Of(column: AnyPgColumn) {
  return sql<string>`encode(${column}, 'base64')`;
}

/** The whole stored state, as one update (null when there is none). */
export async function readState(tx: Pick<Db, "select">, factCheckId: string): Promise<Uint8Array | null> {
  const writes = await readWrites(tx, factCheckId, null, null);
  if (writes.length === 0) return null;
  return writes.length === 1 ? writes[0]! : Y.mergeUpdates(writes);
}

/**
 * The state vector of what is stored after `writes` (read by `readWrites`)
 * reached a store that held everything up to `known` (by client: the next
 * clock): each write is contiguous with what was stored before it.
 */
export function storedStateVector(known: Map<number, number> | null, writes: Uint8Array[]): Map<number, number> {
  const vector = new Map(known ?? []);
  for (const write of writes) {
    for (const [client, clock] of Y.parseUpdateMeta(write).to) if (clock > (vector.get(client) ?? 0)) vector.set(client, clock);
  }
  return vector;
}

/** Makes `state` the whole stored state, as the base holding write number `seq`: the updates are folded in. */
async function writeBase(tx: Pick<Db, "insert" | "delete">, factCheckId: string, state: Uint8Array, seq: number): Promise<void> {
  const at = new Date();
  await tx
    .insert(factCheckDocuments)
    .values({ factCheckId, state, baseSeq: seq, updatedAt: at })
    .onConflictDoUpdate({ target: factCheckDocuments.factCheckId, set: { state, baseSeq: seq, updatedAt: at } });
  await tx.delete(factCheckDocumentUpdates).where(eq(factCheckDocumentUpdates.factCheckId, factCheckId));
}

/** Stores a live state for a check that has none (or replaces its state whole). */
export async function writeState(tx: Pick<Db, "insert" | "delete">, factCheckId: string, state: Uint8Array): Promise<void> {
  await writeBase(tx, factCheckId, state, 0);
}

/**
 * Writes what `doc` holds beyond the stored state (whose vector is `stored`,
 * and which `doc` holds whole), in the caller's transaction, which holds the
 * check's lock: appended as an update numbered one after `head`, or, when the
 * updates since the base have grown past `COMPACT_AFTER`, as a new base
 * holding the whole document. Returns the number of the write (`head.seq`
 * when there was nothing to write) and the vector of what is stored now, both
 * read from the document before anything is awaited, so a change that reaches
 * it meanwhile is left for the next write.
 */
export async function writeChanges(
  tx: Pick<Db, "insert" | "delete">,
  { factCheckId, head, doc, stored }: { factCheckId: string; head: StoredHead | null; doc: Y.Doc; stored: Map<number, number> },
): Promise<{ seq: number; stored: Map<number, number> }> {
  const now = Y.decodeStateVector(Y.encodeStateVector(doc));
  if (!head) {
    await writeBase(tx, factCheckId, Y.encodeStateAsUpdate(doc), 0);
    return { seq: 0, stored: now };
  }
  const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(stored));
  if (isEmptyUpdate(update)) return { seq: head.seq, stored: now };
  const seq = head.seq + 1;
  if (head.updates + 1 > COMPACT_AFTER.updates || head.updateBytes + update.byteLength > COMPACT_AFTER.bytes) {
    await writeBase(tx, factCheckId, Y.encodeStateAsUpdate(doc), seq);
  } else {
    await tx.insert(factCheckDocumentUpdates).values({ factCheckId, seq, update });
  }
  return { seq, stored: now };
}

/** An update that adds nothing: no items, no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * Brings the live state in step with content written by something else (an
 * API edit, a refresh), in the caller's transaction, which holds the check's
 * lock. Only the fields given change, and only where they differ. Returns
 * whether there was a live state to change: when there was, the caller
 * publishes a "content" live event after its commit.
 */
export async function writeLiveContent(tx: Tx, { factCheckId, content }: { factCheckId: string; content: Partial<LiveContent> }): Promise<boolean> {
  const head = await readHead(tx, factCheckId);
  if (!head) return false;
  const writes = await readWrites(tx, factCheckId, head, null);
  const doc = new Y.Doc();
  for (const write of writes) Y.applyUpdate(doc, write);
  const stored = Y.decodeStateVector(Y.encodeStateVector(doc));
  applyContent(doc, content);
  await writeChanges(tx, { factCheckId, head, doc, stored });
  doc.destroy();
  return true;
}
