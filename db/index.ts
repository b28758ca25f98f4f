/**
 * The one database client of the process, chosen from the environment:
 * PostgreSQL when DATABASE_URL is set, else embedded PGlite in the data directory.
 * Opened lazily on first use (never at import: build workers import route modules),
 * migrated once, and cached on globalThis so dev reloads never open it twice.
 */
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { claimDataDirLock, dataDir } from "./lock.mjs";
import { createPgliteClient, PGLITE_TYPES, takeEarlyPglite } from "./pglite.mjs";
import { DatabaseUnavailableError, whyUnavailable } from "./unavailable";

/**
 * The database, whichever driver opened it, or a transaction on it (drizzle's
 * PgTransaction is a PgDatabase): a function that takes a `Db` runs inside the
 * caller's transaction when given one.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

type Handle = { db: Db; close: () => Promise<void>; kind: "pglite" | "postgres" };

const state = globalThis as unknown as { __factdeskDb?: Promise<Handle> };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export { dataDir };

export async function openPglite(dir: string | null): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    // The lock server.mjs took before listening, if it did; else a new one.
    release = claimDataDirLock(dir);
  }
  try {
    // The client server.mjs began opening as it started (db/pglite.mjs), if it did; else a new one.
    const client = dir ? await (takeEarlyPglite(dir) ?? createPgliteClient(dir)) : await PGlite.create(PGLITE_TYPES);
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db,
      kind: "pglite",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function openPostgres(url: string): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: Number(process.env.DATABASE_POOL_SIZE || 10), onnotice: () => {} });
  const db = drizzle(client, { schema });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (error) {
    await client.end({ timeout: 0 });
    // "cannot connect to 127.0.0.1:5432: connection refused", not the first query that failed.
    const reason = whyUnavailable(error);
    throw reason ? new DatabaseUnavailableError(reason) : error;
  }
  return { db, kind: "postgres", close: () => client.end() };
}

function openFromEnv(): Promise<Handle> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(dataDir());
}

export async function getDb(): Promise<Db> {
  if (!state.__factdeskDb) {
    state.__factdeskDb = openFromEnv();
    // A failed open must not be cached: the next request tries again.
    state.__factdeskDb.catch(() => {
      state.__factdeskDb = undefined;
    });
  }
  return (await state.__factdeskDb).db;
}

export async function databaseKind(): Promise<Handle["kind"]> {
  await getDb();
  return (await state.__factdeskDb!).kind;
}

/** Replaces the process's database (tests, scripts). */
export function useDatabase(handle: Handle): void {
  state.__factdeskDb = Promise.resolve(handle);
}

export async function closeDb(): Promise<void> {
  const handle = state.__factdeskDb;
  state.__factdeskDb = undefined;
  if (handle) await (await handle).close();
}

export type { Handle as DbHandle };
export { schema };
