/**
 * An embedded data directory set back by the last migrations, as the version
 * before them left it: for tests that a server or client opening it applies
 * the migrations before anything reads it. Shared by the unit tests and the
 * browser tests (no test runner's API here). When a migration is added, this
 * undoes the new last one too.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

const root = path.resolve(__dirname, "..");
/** The migrations undone, in order. The last changes nothing on PGlite (it has no lz4), so the one before is undone too: its column shows that they were applied again. */
const SET_BACK = ["0013_archive_stores", "0014_sections_lz4"];
/** How many migrations `setBackLastMigrations` undoes. */
export const SET_BACK_COUNT = SET_BACK.length;

/** The migrations the app knows, in order. */
export const migrationJournal = JSON.parse(fs.readFileSync(path.join(root, "db", "migrations", "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };

/** Undoes the last migrations (`SET_BACK`) in `dir` (no process may hold it) and forgets they were applied. */
export async function setBackLastMigrations(dir: string): Promise<void> {
  const last = migrationJournal.entries.slice(-SET_BACK.length).map((entry) => entry.tag);
  if (last.join() !== SET_BACK.join()) throw new Error(`The last migrations are now ${last.join(", ")}: test/migration-set-back.ts undoes ${SET_BACK.join(", ")}, and must undo the new ones too`);
  const client = await PGlite.create(path.join(dir, "pgdata"));
  try {
    await client.exec(`
      ALTER TABLE source_snapshots DROP CONSTRAINT source_snapshots_html_somewhere;
      ALTER TABLE source_snapshots DROP COLUMN store;
      ALTER TABLE source_snapshots DROP COLUMN object_key;
      ALTER TABLE source_snapshots ALTER COLUMN html SET NOT NULL;
      DELETE FROM drizzle.__drizzle_migrations WHERE id IN (SELECT id FROM drizzle.__drizzle_migrations ORDER BY id DESC LIMIT ${SET_BACK.length});
    `);
  } finally {
    await client.close();
  }
}
