import "server-only";
/**
 * A library source's history: one entry per change, with who made it and each
 * field's value before and after, written in the same transaction as the
 * change (lib/server/sources.ts) and shown on the source's page.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { sourceHistory, users, type SourceRow } from "@/db/schema";

/** Who did something, as the source pages show them. */
export type PersonRef = { id: string; name: string };

/** Fields a person edits; the history records changes to these. */
export const TRACKED = [
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
export type Tracked = (typeof TRACKED)[number];

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

export type SourceChanges = Record<string, { from: unknown; to: unknown }>;

export type SourceHistoryEntry = {
  id: string;
  at: string;
  actor: PersonRef | null;
  /** True for the entry written when the source was added. */
  created: boolean;
  changes: SourceChanges;
};

/** A new source's entry: every field it was added with, from nothing. */
export function changesOnCreate(row: SourceRow): SourceChanges {
  const changes: SourceChanges = {};
  for (const field of TRACKED) {
    const value = row[field];
    if (value !== null && value !== undefined) changes[field] = { from: null, to: value };
  }
  return changes;
}

/** The tracked fields `next` sets to another value than `current` has. */
export function changesBetween(current: SourceRow, next: Partial<Record<Tracked, unknown>>): SourceChanges {
  const changes: SourceChanges = {};
  for (const field of TRACKED) {
    if (!(field in next)) continue;
    const from = current[field] ?? null;
    const to = next[field] ?? null;
    if (from !== to) changes[field] = { from, to };
  }
  return changes;
}

/** Appends one entry, in the caller's transaction; `actorId` null for the link checker. */
export async function recordSourceChange(tx: Db, entry: { sourceId: string; actorId: string | null; at: Date; changes: SourceChanges }): Promise<void> {
  await tx.insert(sourceHistory).values(entry);
}

/** Removes a source's history, with the source (a source deleted as a mistake). */
export async function forgetSourceHistory(tx: Db, sourceId: string): Promise<void> {
  await tx.delete(sourceHistory).where(eq(sourceHistory.sourceId, sourceId));
}

/** The latest 200 entries, newest first. */
export async function listSourceHistory(db: Db, sourceId: string): Promise<SourceHistoryEntry[]> {
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
