/**
 * The committed migrations build the schema the code expects, on an empty
 * database of the current backend, and applying them again changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { MIGRATIONS_FOLDER, openPglite, openPostgres, schema, type Db, type DbHandle } from "@/db";
import { backend, createEmptyPostgresDatabase, queryRows } from "../db";

const EXPECTED_TABLES = ["fact_checks", "login_failures", "sessions", "settings", "users"];

const cleanups: (() => Promise<void>)[] = [];
let db: Db;

/** Opens (and so migrates) a brand-new database of the current backend. */
async function openMigratedEmptyDatabase(): Promise<DbHandle> {
  if (backend === "pglite") {
    const handle = await openPglite(null);
    cleanups.push(() => handle.close());
    return handle;
  }
  const empty = await createEmptyPostgresDatabase();
  cleanups.push(empty.drop);
  const handle = await openPostgres(empty.url);
  cleanups.push(() => handle.close());
  return handle;
}

// The one database in the suite created from nothing (initdb, then every migration): ~3–5 s when
// the machine is idle. Other files start from the copy made once by test/global-setup.ts.
beforeAll(async () => {
  db = (await openMigratedEmptyDatabase()).db;
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function migrateAgain(db: Db): Promise<void> {
  if (backend === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

const publicTables = (db: Db) =>
  queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  ).then((rows) => rows.map((r) => r.table_name));

const appliedMigrations = (db: Db) =>
  queryRows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by id`).then((rows) =>
    rows.map((r) => r.hash),
  );

describe(`migrations (${backend})`, () => {
  it("create the expected tables on an empty database", async () => {
    expect(await publicTables(db)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it("create every column the drizzle schema declares", async () => {
    const rows = await queryRows<{ table_name: string; column_name: string }>(
      db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`,
    );
    const inDatabase = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const declared = Object.values(schema)
      .filter((value) => typeof value === "object" && value !== null && Symbol.for("drizzle:IsDrizzleTable") in value)
      .flatMap((table) => {
        const config = getTableConfig(table as never);
        return config.columns.map((column) => `${config.name}.${column.name}`);
      });
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((column) => !inDatabase.has(column))).toEqual([]);
  });

  it("record one row per committed migration", async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8"));
    expect(await appliedMigrations(db)).toHaveLength(journal.entries.length);
  });

  it("compress a check's summary and sections with lz4 where the server was built with it", async () => {
    // pg_settings lists lz4 among the choices only when the server has it (the embedded PGlite does not).
    const [setting] = await queryRows<{ lz4: boolean }>(
      db,
      sql`select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`,
    );
    const columns = await queryRows<{ attname: string; attcompression: string }>(
      db,
      sql`select attname, attcompression::text as attcompression from pg_attribute
          where attrelid = 'public.fact_checks'::regclass and attname in ('summary', 'sections', 'question') order by attname`,
    );
    const lz4 = setting!.lz4 ? "l" : "";
    expect(columns).toEqual([
      { attname: "question", attcompression: "" },
      { attname: "sections", attcompression: lz4 },
      { attname: "summary", attcompression: lz4 },
    ]);
  });

  it("are a no-op when applied a second time", async () => {
    const before = await appliedMigrations(db);
    expect(before.length).toBeGreaterThan(0);
    const tables = await publicTables(db);
    await migrateAgain(db);
    expect(await appliedMigrations(db)).toEqual(before);
    expect(await publicTables(db)).toEqual(tables);
  });
});
