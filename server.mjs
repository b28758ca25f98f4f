#!/usr/bin/env node
// @ts-check
/**
 * The production server (`npm start`, the browser tests, the benchmarks):
 * Next.js's own request handler, as `next start` runs it, behind a cache of
 * public responses that lasts a second at most (lib/response-cache.mjs) when
 * it serves readers directly.
 *
 *   node server.mjs [--port 3000] [--hostname 127.0.0.1] [--dev]
 *
 * `--dev` serves Next.js's development server instead of the build (`npm run
 * dev`), with live editing too and without the response cache.
 * PORT sets the port when --port is not given. FACTDESK_RESPONSE_CACHE_MS sets
 * how long a response is kept (1000 unless set; 0 turns the cache off). With
 * REDIS_URL (several instances behind nginx, deploy/nginx) it is off unless
 * set: nginx's micro-cache does its work there, for every instance at once,
 * and an in-process copy would not hear of the other instances' changes.
 * Every request first passes lib/request-guard.mjs (client address, body cap,
 * server actions' origin and body); FACTDESK_TRUSTED_PROXIES names the proxies
 * whose X-Forwarded-For it believes. Every response Next.js sends gets its
 * Content-Security-Policy here (lib/csp.mjs): `next start` alone sends none.
 * WebSocket upgrades of /collab go to the live-editing server the app starts
 * (lib/live-endpoint.mjs); REDIS_URL lets several instances share it.
 * The embedded database (no DATABASE_URL) is locked before anything else and,
 * in production, begins opening while Next.js loads (db/pglite.mjs).
 * Loaded by Node.js without compilation, hence plain JavaScript.
 */
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { dataDir, reserveDataDirLock } from "./db/lock.mjs";
import { openPgliteEarly } from "./db/pglite.mjs";
import { onExpiry } from "./lib/cache-handler.mjs";
import { provideEngineChunks, readEngineChunks } from "./lib/engine-chunks.mjs";
import { createContentSecurityPolicy, CSP_HEADER, prerenderedPages, RESOURCE_POLICY, SECURITY_HEADERS } from "./lib/csp.mjs";
import { LIVE_PATH, providedLiveServer } from "./lib/live-endpoint.mjs";
import { createRequestGuard } from "./lib/request-guard.mjs";
import { createResponseCache } from "./lib/response-cache.mjs";
import { createStaticFiles } from "./lib/static-files.mjs";
import { OneLocationResponse } from "./lib/one-location-header.mjs";
import { purgeHookFromEnv } from "./lib/purge-hook.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dev: { type: "boolean" } } });
const dev = args.dev === true;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname;
const cacheMs = Number(process.env.FACTDESK_RESPONSE_CACHE_MS?.trim() || (process.env.REDIS_URL?.trim() ? 0 : 1_000));
if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Not a port: ${args.port ?? process.env.PORT}`);
if (!Number.isFinite(cacheMs) || cacheMs < 0) throw new Error(`FACTDESK_RESPONSE_CACHE_MS must be a number of milliseconds, 0 or more`);

// A purge hook configured wrongly stops the server now, not at its first publication (lib/purge-hook.mjs).
try {
  purgeHookFromEnv();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// The embedded database opens in one process at a time: stop before listening if another holds it.
if (!process.env.DATABASE_URL) {
  try {
    reserveDataDirLock(dataDir());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  // Opening it (WebAssembly compiled, Postgres started) goes on while Next.js loads; the app's
  // database client takes it and migrates it before anything reads it (db/pglite.mjs).
  if (!dev) openPgliteEarly(dataDir());
}

// As `next start`: a production server whatever the shell says (Next.js reads this when it loads).
if (!dev) /** @type {Record<string, string | undefined>} */ (process.env).NODE_ENV = "production";
const { default: nextModule } = await import("next");
/** @type {typeof import("next").default} */
const createNext = /** @type {any} */ (nextModule).default ?? nextModule;

// Read before Next.js starts: a mistake in the list stops the server at once.
const admit = createRequestGuard({ trustedProxies: process.env.FACTDESK_TRUSTED_PROXIES, publicOrigin: process.env.FACTDESK_PUBLIC_URL });

const app = createNext({ dev, dir: root, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const cache = cacheMs > 0 && !dev ? createResponseCache({ ttlMs: cacheMs }) : null;
// The build directory as next.config.ts names it: its manifests say which pages Next.js prerenders for everyone.
const distDir = path.join(root, process.env.FACTDESK_DIST_DIR || ".next");
// The development server gets its looser policy from next.config.ts (lib/csp.mjs, devPolicy).
const securePage = dev ? null : createContentSecurityPolicy({ isPrerendered: prerenderedPages(distDir) });
// The build's scripts and styles, as compressed at build time (lib/static-files.mjs), with the headers Next.js gives the rest.
const staticFiles = dev
  ? null
  : createStaticFiles({
      staticDir: path.join(distDir, "static"),
      headers: { ...Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value])), [CSP_HEADER]: RESOURCE_POLICY },
    });
// The editing engine's files, which the editor's page names for the browser to fetch with its own (lib/engine-chunks.mjs).
if (!dev) provideEngineChunks(readEngineChunks(distDir));
// The development server's own WebSocket (hot reloading).
const nextUpgrade = dev ? app.getUpgradeHandler() : null;
if (cache) onExpiry(() => cache.expireAll());

// Responses that send a redirect's Location once, around a Next.js bug (lib/one-location-header.mjs).
const server = http.createServer({ ServerResponse: OneLocationResponse }, (incoming, res) =>
  admit(incoming, res, (req) => {
    if (staticFiles?.(req, res)) return;
    // A copy the cache answers with carries the policy it was kept with; anything else gets its own (lib/csp.mjs).
    if (cache?.handle(req, res)) return;
    securePage?.(req, res);
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  }),
);

// Live editing: the app's own WebSocket (lib/server/live-server.ts checks the origin, session and access).
server.on("upgrade", (req, socket, head) => {
  const live = providedLiveServer();
  const path = (req.url ?? "").split("?")[0];
  if (path === LIVE_PATH && live) return live.handleUpgrade(req, socket, head);
  if (path !== LIVE_PATH && nextUpgrade) return void nextUpgrade(req, socket, head);
  socket.end(`HTTP/1.1 ${path === LIVE_PATH ? "503 Service Unavailable" : "404 Not Found"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
});

server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? `${hostname ?? "localhost"}:${address.port}` : String(address);
  console.log(`Factdesk ready on http://${shown}`);
  // Next.js runs instrumentation.ts at the first request a custom server gets: under `npm start` that is
  // where the database is prepared (db/prepare.ts), so ask for it now, and the start says what it did
  // (demo data, the demo accounts' warning) without waiting for a reader.
  if (process.env.FACTDESK_PREPARE_DATABASE === "true" && typeof address === "object" && address) {
    const host = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname.includes(":") ? `[${hostname}]` : hostname;
    fetch(`http://${host}:${address.port}/api/health`)
      .then((response) => response.body?.cancel())
      .catch(() => {})
      .finally(preloadPages);
  } else preloadPages();
});

/**
 * Loads the code of every page and route now rather than at its first visit,
 * as `next start` does; but once the start has answered (above), not while it
 * prepares: next.config.ts turns Next.js's own preloading off, which would
 * begin as soon as instrumentation.ts has run and hold the first answers up.
 */
async function preloadPages() {
  if (dev) return;
  try {
    // Next.js's server behind the custom server's wrapper, which preloads as `next start` does.
    /** @type {{ unstable_preloadEntries?: () => Promise<void> } | undefined} */
    const nextServer = await /** @type {any} */ (app).server?.getServer?.();
    await nextServer?.unstable_preloadEntries?.();
  } catch (error) {
    console.error("Failed to preload entries:", error);
  }
}

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.on(signal, () => {
    // Live documents are stored before the process ends, and their editors reconnect to another instance or to this one restarted.
    const live = providedLiveServer()?.close().catch((error) => console.error(error)) ?? Promise.resolve();
    server.close(() => live.then(() => process.exit(0)));
    server.closeIdleConnections();
    // Requests still running get a few seconds to finish.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
