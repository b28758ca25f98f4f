/** Run once when the server starts, before it answers requests. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { keepOneLocationHeader } = await import("./lib/one-location-header");
    keepOneLocationHeader();
  }
}
