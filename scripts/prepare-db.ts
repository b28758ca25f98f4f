/**
 * Run by `npm start` before the server: applies migrations and, on an empty
 * database, loads demo data (embedded database: unless FACTDESK_DEMO_DATA=false;
 * PostgreSQL: only with FACTDESK_DEMO_DATA=true). Warns while demo accounts can sign in.
 */
import { closeDb, databaseKind, getDb } from "@/db";
import { demoAccountsWarning, prepareDemoData } from "@/db/seed";

async function main() {
  const db = await getDb();
  const kind = await databaseKind();
  const { seeded, demoAccounts } = await prepareDemoData({ db, kind, setting: process.env.FACTDESK_DEMO_DATA });
  await closeDb();
  console.log(
    `Database ready (${kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})` +
      (seeded ? "; demo data and demo accounts loaded." : "."),
  );
  if (demoAccounts.length > 0) console.warn(demoAccountsWarning(demoAccounts));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
