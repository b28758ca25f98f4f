/** Run once when the server starts, before it answers requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Not while `next build` runs: it has no database to work on.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      // `npm start`: migrations and demo data, before anything else reads the database.
      if (process.env.FACTDESK_PREPARE_DATABASE === "true") {
        const { prepareDatabase } = await import("./db/prepare");
        await prepareDatabase().catch((error) => {
          console.error(error instanceof Error ? error.message : error);
          process.exit(1);
        });
      }
      // The live editor's server, reached through server.mjs.
      const { startLiveServer } = await import("./lib/server/live-server");
      startLiveServer();
      // Background work and scheduled jobs (lib/server/jobs.ts).
      const { startServerJobs } = await import("./lib/server/jobs");
      startServerJobs();
      // The link checker's guard, when it is told to fetch loopback addresses (tests do).
      const { guardStartWarning } = await import("./lib/server/fetch-guard");
      const warning = guardStartWarning();
      if (warning) console.warn(warning);
      // Where archived copies of sources go (FACTDESK_SNAPSHOT_STORE): a wrong setting is said now, not at the first copy.
      const { snapshotStoreProblem } = await import("./lib/server/snapshots");
      const problem = snapshotStoreProblem();
      if (problem) console.error(problem);
    }
  }
}
