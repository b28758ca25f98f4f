/** Run once when the server starts, before it answers requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Not while `next build` runs: it has no database to work on.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const preparing = process.env.FACTDESK_PREPARE_DATABASE === "true" ? import("./db/prepare") : null;
      // What starts after the database is ready loads while it opens: none of it runs before.
      const starting = Promise.all([
        import("./lib/server/live-server"),
        import("./lib/server/jobs"),
        import("./lib/server/fetch-guard"),
        import("./lib/server/snapshots"),
      ]);
      // Reported below, once the database is ready, as an error of the start.
      starting.catch(() => {});
      // `npm start`: migrations and demo data, before anything else reads the database.
      if (preparing) {
        await preparing
          .then(({ prepareDatabase }) => prepareDatabase())
          .catch((error) => {
            console.error(error instanceof Error ? error.message : error);
            process.exit(1);
          });
      }
      const [{ startLiveServer }, { startServerJobs }, { guardStartWarning }, { snapshotStoreProblem }] = await starting;
      // The live editor's server, reached through server.mjs.
      await startLiveServer();
      // Background work and scheduled jobs (lib/server/jobs.ts).
      startServerJobs();
      // The link checker's guard, when it is told to fetch loopback addresses (tests do).
      const warning = guardStartWarning();
      if (warning) console.warn(warning);
      // Where archived copies of sources go (FACTDESK_SNAPSHOT_STORE): a wrong setting is said now, not at the first copy.
      const problem = snapshotStoreProblem();
      if (problem) console.error(problem);
    }
  }
}
