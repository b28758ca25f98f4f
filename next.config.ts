import type { NextConfig } from "next";
import { CSP_HEADER, devPolicy, SECURITY_HEADERS } from "./lib/csp.mjs";
import { HOME_PATH } from "./lib/home";

// `next dev` serves without server.mjs, which gives production responses their
// Content-Security-Policy (lib/csp.mjs); the development server gets a looser
// one here, since its tooling evaluates code and injects inline scripts and styles.
const devServer = process.env.NODE_ENV === "development";

const nextConfig: NextConfig = {
  // A separate build directory lets several builds of one checkout coexist (e.g. tests beside a running app).
  distDir: process.env.FACTDESK_DIST_DIR || ".next",
  // PGlite and the argon2 binding must load from node_modules at run time, not be bundled; so must
  // rate-limiter-flexible, which imports drizzle-orm by a name computed at run time. Yjs must exist
  // once per process (its types are checked by class): the live server (instrumentation.ts) and the
  // routes that write live state load it, and Hocuspocus with it, from node_modules. The job queue
  // (pg-boss, on the `pg` driver) and nodemailer are plain Node packages, loaded as they are.
  serverExternalPackages: [
    "pg-boss",
    "pg",
    "nodemailer",
    "@electric-sql/pglite",
    "@node-rs/argon2",
    "rate-limiter-flexible",
    "yjs",
    "y-protocols",
    "lib0",
    "@hocuspocus/server",
    "@hocuspocus/common",
    "@hocuspocus/extension-redis",
    "ioredis",
    "ws",
  ],
  poweredByHeader: false,
  // An ETag is a hash of the whole HTML computed on every response (~90 µs for a 27 KB
  // fact-check page): it costs cached public pages more than the 304s it saves.
  generateEtags: false,
  // An ISR page past its lifetime is served once more while it re-renders, but only
  // until it is this old (seconds); after that the next visit waits for a fresh
  // render. With page lifetimes capped at the same hour (lib/server/public-cache.ts),
  // no reader, and no shared cache obeying Cache-Control, gets a page more than an
  // hour after it should have changed (a check that went stale shows its banner).
  expireTime: 3600,
  // Pages and data in this process's memory, or in Redis with REDIS_URL, shared by
  // every instance (one render per page, one tag expiry for all); entries dated by
  // when their render began, expiries sent to a CDN's purge hook (lib/cache-handler.mjs).
  cacheHandler: require.resolve("./lib/cache-handler.mjs"),
  experimental: {
    // Cached public pages live in memory only: the database is the truth, and a
    // restart must never serve a page cached before a publication it missed.
    isrFlushToDisk: false,
    // server.mjs loads every page's code itself once the start has answered; Next.js's own
    // preloading would begin as the database is being prepared and hold the first answers up.
    preloadEntriesOnStart: false,
  },
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  typedRoutes: false,
  async rewrites() {
    // The home page is a cached page of a dynamic route, rendered on its first visit (lib/home.ts).
    return { beforeFiles: [{ source: "/", destination: HOME_PATH }], afterFiles: [], fallback: [] };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          ...SECURITY_HEADERS,
          ...(devServer ? [{ key: CSP_HEADER, value: devPolicy() }] : []),
        ],
      },
    ];
  },
};

export default nextConfig;
