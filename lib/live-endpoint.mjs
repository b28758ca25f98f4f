// @ts-check
/**
 * Where server.mjs finds the live-editing server (lib/server/live-server.ts):
 * the app starts it inside Next.js (instrumentation.ts) and provides it here;
 * server.mjs, which Next.js does not compile, hands it the WebSocket upgrades
 * of LIVE_PATH. Kept on globalThis: Next.js's bundles and server.mjs load
 * their own copies of this module.
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */

/** The path of the live editor's WebSocket. */
export const LIVE_PATH = "/collab";

const KEY = Symbol.for("factdesk.liveServer");

/**
 * @typedef {{ handleUpgrade(request: import("node:http").IncomingMessage, socket: import("node:stream").Duplex, head: Buffer): void, flush(factCheckId?: string): Promise<void>, editingNow(factCheckIds: string[]): Promise<Map<string, { id: string, name: string }[]>>, close(): Promise<void> }} LiveEndpoint
 */

/** @param {LiveEndpoint} server */
export function provideLiveServer(server) {
  /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[KEY] = server;
}

/** @returns {LiveEndpoint | null} */
export function providedLiveServer() {
  return /** @type {LiveEndpoint | undefined} */ (/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[KEY]) ?? null;
}

/**
 * The live WebSocket's address as a page of the site reaches it (the browser).
 * @param {{ protocol: string, host: string }} location
 */
export function liveUrl({ protocol, host }) {
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${LIVE_PATH}`;
}
