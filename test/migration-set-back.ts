/**
 * An embedded data directory set back by the last migration, as the version
 * before it left it: for tests that a server or client opening it applies the
 * migration before anything reads it. Shared by the unit tests and the browser
 * tests (no test runner's API here). When a migration is added, this undoes
 * the new last one instead.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const root = path.resolve(__dirname, "..");
const LAST = "0013_archive_stores";

/** The migrations the app knows, in order. */
export const migrationJournal = JSON.parse(fs.readFileSync(path.join(root, "db", "migrations", "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };

/** Undoes the last migration (0013_archive_stores) in `dir` (no process may hold it) and forgets it was applied. */
export async function setBackLastMigration(dir: string): Promise<void> {
  const last = migrationJournal.entries.at(-1)!.tag;
  if (last !== LAST) throw new Error(`The last migration is now ${last}: test/migration-set-back.ts undoes ${LAST}, and must undo ${last} instead`);
  const client = await PGlite.create(path.join(dir, "pgdata"));
  try {
    await client.exec(`
      ALTER TABLE source_snapshots DROP CONSTRAINT source_snapshots_html_somewhere;
      ALTER TABLE source_snapshots DROP COLUMN store;
      ALTER TABLE source_snapshots DROP COLUMN object_key;
      ALTER TABLE source_snapshots ALTER COLUMN html SET NOT NULL;
      DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations);
    `);
  } finally {
    await client.close();
  }
}
