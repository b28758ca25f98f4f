import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";

/** A transaction (the lock is released when it ends); the pattern of lib/server/audit.ts. */
type Tx = Pick<Db, "execute">;

/**
 * Advisory lock namespaces (the first key; any constant no other lock uses).
 * Each serializes one check-then-insert across every app instance: they share
 * the database, and without it two at once would both find room and both insert.
 */
export const LOCKS = {
  /** Sign-in attempts of one account, then of one address (lib/server/authentication.ts). */
  signInAccount: 0x46445341, // "FDSA"
  signInAddress: 0x46445342, // "FDSB"
  /** Reader reports from one address (lib/server/publishing.ts). */
  readerReports: 0x46445250, // "FDRP"
  /** The refresh-due reminder run (lib/server/refresh.ts). */
  refreshReminders: 0x46445252, // "FDRR"
} as const;

/** Holds the lock until the transaction ends; `key` (hashed) narrows it to one account, address… */
export async function lockForTransaction(tx: Tx, namespace: number, key?: string): Promise<void> {
  await tx.execute(key === undefined ? sql`select pg_advisory_xact_lock(${namespace}, 0)` : sql`select pg_advisory_xact_lock(${namespace}, hashtext(${key}))`);
}
