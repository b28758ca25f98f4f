/** Applies committed migrations to the configured database (DATABASE_URL or the embedded data directory). */
import { closeDb, getDb } from "./index";

async function main() {
  await getDb();
  await closeDb();
  console.log("Migrations applied.");
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
