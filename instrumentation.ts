/** Run once when the server starts, before it answers requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { keepOneLocationHeader } = await import("./lib/one-location-header");
    keepOneLocationHeader();
    // The live editor's server, reached through server.mjs (not while building).
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { startLiveServer } = await import("./lib/server/live-server");
      startLiveServer();
    }
  }
}
