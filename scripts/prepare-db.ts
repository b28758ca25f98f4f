/** Run by `npm start` before the server: applies migrations and, on an empty database, loads demo data. */
import { closeDb, databaseKind, getDb } from "@/db";
import { seedDemoData } from "@/db/seed";

async function main() {
  const db = await getDb();
  const kind = await databaseKind();
  const wantDemo = !/^(0|false|no)$/i.test(process.env.FACTDESK_DEMO_DATA ?? "");
  const seeded = wantDemo ? await seedDemoData(db) : false;
  await closeDb();
  console.log(
    `Database ready (${kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})` +
      (seeded ? "; demo data and demo accounts loaded." : "."),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
