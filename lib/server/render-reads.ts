import "server-only";
import { cache } from "react";
import { getDb, type Db } from "@/db";

/**
 * Reads made while one server render builds a page, outside any transaction
 * and without a lock, are made once: the editor's page needs its check (a large
 * check's row is mostly its 100–200 KB of sections) and the check's latest
 * revision for the check itself, its sharing, and the review panel's review,
 * comments and activity. React keeps this map for one render only (`cache`);
 * anywhere else (API routes, server actions, jobs, tests) it keeps nothing and
 * every read goes to the database. A render changes no check and no revision
 * (the editor's page may store a first live state, which is neither), so what
 * it read stays what is stored for its duration.
 */
const readsOfThisRender = cache(() => new Map<string, Promise<unknown>>());

/** `read()`, or what it gave earlier in this render under `key` when `db` is the process's database (not a transaction). */
export async function readOncePerRender<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  if (db !== (await getDb())) return read();
  const reads = readsOfThisRender();
  let pending = reads.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = read();
    reads.set(key, pending);
    pending.catch(() => reads.delete(key));
  }
  return pending;
}
