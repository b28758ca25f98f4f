/**
 * `npm run snapshots:move [-- --to database|files|s3] [--source <id>]`: moves
 * archived copies' HTML into one store (by default where new copies go,
 * FACTDESK_SNAPSHOT_STORE), with the same database and store settings as the
 * server (lib/server/snapshot-moves.ts). Safe to stop and to run again; with
 * PostgreSQL, safe while the app runs (the embedded database is held by a
 * running server, which is to be stopped first).
 */
import { closeDb } from "@/db";
import { moveSnapshots } from "@/lib/server/snapshot-moves";
import { SNAPSHOT_STORE_KINDS, newCopiesStore, snapshotStoreProblem, type SnapshotStoreKind } from "@/lib/server/snapshots";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<number> {
  const to = (option("to") ?? newCopiesStore()) as SnapshotStoreKind;
  if (!SNAPSHOT_STORE_KINDS.includes(to)) {
    console.error(`--to must be one of ${SNAPSHOT_STORE_KINDS.join(", ")} (got ${to})`);
    return 2;
  }
  const problem = to === "s3" ? snapshotStoreProblem({ ...process.env, FACTDESK_SNAPSHOT_STORE: "s3" }) : null;
  if (problem) {
    console.error(problem);
    return 2;
  }
  console.log(`Moving archived copies to the ${to} store…`);
  const done = await moveSnapshots({ to, sourceId: option("source"), onProgress: (so) => console.log(`  ${so.moved} moved, ${so.missing} missing, ${so.failed} failed`) });
  console.log(`Done: ${done.moved} moved, ${done.missing} missing from their store (left as they were), ${done.failed} failed (left readable where they were; see above).`);
  return done.failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await closeDb().catch(() => {});
    process.exit(1);
  });
