/**
 * What `npm start` does before the app answers: applies migrations (opening
 * the database does) and, on an empty database, loads demo data (embedded
 * database: unless FACTDESK_DEMO_DATA=false; PostgreSQL: only with
 * FACTDESK_DEMO_DATA=true); then says so, and warns while demo accounts can
 * sign in. Run inside the server at its start (instrumentation.ts, when
 * FACTDESK_PREPARE_DATABASE=true, as `npm start` sets it: one process opens
 * the database once) or alone before it (scripts/prepare-db.ts).
 */
import { databaseKind, getDb } from "@/db";
import { demoAccountsWarning, prepareDemoData } from "@/db/seed";

export async function prepareDatabase(): Promise<void> {
  const db = await getDb();
  const kind = await databaseKind();
  const { seeded, demoAccounts } = await prepareDemoData({ db, kind, setting: process.env.FACTDESK_DEMO_DATA });
  console.log(
    `Database ready (${kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})` +
      (seeded ? "; demo data and demo accounts loaded." : "."),
  );
  if (demoAccounts.length > 0) console.warn(demoAccountsWarning(demoAccounts));
}
