import "server-only";
/**
 * A check's stored live state (`fact_check_documents`, see
 * lib/server/live-documents.ts): reading and writing it, and bringing it in
 * step with content written outside the live server.
 */
import { eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "@/db";
import { factCheckDocuments } from "@/db/schema";
import { applyContent, CLAIM_FRAGMENTS, claimMap, type LiveContent } from "@/lib/collab/document";

type Tx = Pick<Db, "select" | "insert" | "update">;

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

export async function readState(tx: Pick<Db, "select">, factCheckId: string): Promise<Uint8Array | null> {
  const [row] = await tx.select({ state: factCheckDocuments.state }).from(factCheckDocuments).where(eq(factCheckDocuments.factCheckId, factCheckId));
  return row ? new Uint8Array(row.state) : null;
}

/**
 * The stored state, unless its SHA-256 is `digest` (hex): then null, and the
 * state is neither sent nor read (the caller wrote it and holds it already).
 * Null also when there is none.
 */
export async function readStateUnlessDigest(tx: Pick<Db, "select">, factCheckId: string, digest: string | null): Promise<Uint8Array | null> {
  if (!digest) return readState(tx, factCheckId);
  const [row] = await tx
    .select({ state: sql<Uint8Array | null>`case when encode(sha256(${factCheckDocuments.state}), 'hex') = ${digest} then null else ${factCheckDocuments.state} end` })
    .from(factCheckDocuments)
    .where(eq(factCheckDocuments.factCheckId, factCheckId));
  return row?.state ? new Uint8Array(row.state) : null;
}

export async function writeState(tx: Pick<Db, "insert">, factCheckId: string, state: Uint8Array): Promise<void> {
  const at = new Date();
  await tx
    .insert(factCheckDocuments)
    .values({ factCheckId, state, updatedAt: at })
    .onConflictDoUpdate({ target: factCheckDocuments.factCheckId, set: { state, updatedAt: at } });
}

/**
 * Brings the live state in step with content written by something else (an
 * API edit, a refresh), in the caller's transaction, which holds the check's
 * lock. Only the fields given change, and only where they differ. Returns
 * whether there was a live state to change: when there was, the caller
 * publishes a "content" live event after its commit.
 */
export async function writeLiveContent(tx: Tx, { factCheckId, content }: { factCheckId: string; content: Partial<LiveContent> }): Promise<boolean> {
  const state = await readState(tx, factCheckId);
  if (!state) return false;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  applyContent(doc, content);
  await writeState(tx, factCheckId, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return true;
}

