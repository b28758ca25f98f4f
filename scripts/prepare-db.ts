/**
 * Prepares the database as `npm start` does at the server's start (db/prepare.ts),
 * in a process of its own: for the test servers, the cluster and the benchmarks,
 * which start several servers on one database, or none.
 */
import { closeDb } from "@/db";
import { prepareDatabase } from "@/db/prepare";

prepareDatabase()
  .then(() => closeDb())
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
