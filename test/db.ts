/**
 * Test databases. Each test file that calls `useTestDatabase()` gets its own fresh,
 * migrated database, installed as the process's database for the domain layer:
 * in-memory PGlite, or (project "postgres", see vitest.config.mts) a throwaway
 * database created on the TEST_DATABASE_URL server and dropped afterwards.
 */
import fs from "node:fs";
import { afterAll, beforeAll, inject } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { closeDb, openPglite, openPostgres, schema, useDatabase, type Db, type DbHandle } from "@/db";
import { PGLITE_TYPES } from "@/db/pglite.mjs";

export type Backend = "pglite" | "postgres";

export const backend: Backend = process.env.FACTDESK_TEST_BACKEND === "postgres" ? "postgres" : "pglite";

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("The postgres test project needs TEST_DATABASE_URL");
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(statement: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const client = postgres(serverUrl(), { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(statement);
  } finally {
    await client.end();
  }
}

export type FreshDatabase = {
  handle: DbHandle;
  /** postgres:// URL of the database (PostgreSQL only). */
  url?: string;
  /** Drops the database once its handle is closed (a no-op for in-memory PGlite). */
  drop: () => Promise<void>;
};

/** An empty database (no migrations) on the TEST_DATABASE_URL server. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  // The run's prefix lets test/postgres-setup.ts drop whatever an interrupted file left behind.
  const prefix = inject("postgresDatabasePrefix") ?? "factdesk_t_";
  const name = `${prefix}${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await adminQuery(`create database ${name}`);
  return {
    url: withDatabase(serverUrl(), name),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/**
 * A fresh in-memory PGlite, migrated: a copy of the database test/global-setup.ts
 * migrated once for the run when there is one, else `openPglite(null)`.
 */
async function openFreshPglite(): Promise<DbHandle> {
  const template = inject("pgliteTemplate");
  if (!template) return openPglite(null);
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = await PGlite.create({ ...PGLITE_TYPES, loadDataDir: new Blob([fs.readFileSync(template)]) });
  return { db: drizzle(client, { schema }), kind: "pglite", close: () => client.close() };
}

/** Opens a fresh, migrated database on the current backend. */
export async function openFreshDatabase(): Promise<FreshDatabase> {
  if (backend === "pglite") {
    return { handle: await openFreshPglite(), drop: async () => {} };
  }
  const empty = await createEmptyPostgresDatabase();
  try {
    return { handle: await openPostgres(empty.url), url: empty.url, drop: empty.drop };
  } catch (error) {
    await empty.drop();
    throw error;
  }
}

/**
 * Registers hooks that give this test file a fresh database, installed for the
 * domain layer (`getDb()`). Returns an accessor for direct queries in assertions.
 */
let currentUrl: string | undefined;

/** The postgres:// URL of this file's database (`useTestDatabase()` on the postgres backend). */
export function testDatabaseUrl(): string {
  if (!currentUrl) throw new Error("testDatabaseUrl(): only on the postgres backend, inside tests and hooks");
  return currentUrl;
}

export function useTestDatabase(): () => Db {
  let fresh: FreshDatabase | undefined;
  beforeAll(async () => {
    fresh = await openFreshDatabase();
    currentUrl = fresh.url;
    useDatabase(fresh.handle);
  });
  afterAll(async () => {
    if (!fresh) return;
    await closeDb();
    await fresh.drop();
    fresh = undefined;
    currentUrl = undefined;
  });
  return () => {
    if (!fresh) throw new Error("useTestDatabase(): the database is open only inside tests and hooks");
    return fresh.handle.db;
  };
}

/** Rows of `db.execute` on either driver (PGlite answers `{ rows }`, postgres-js an array). */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function countRows(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql.raw(`select count(*)::int as n from ${table}`));
  return Number(row!.n);
}
