// @ts-check
/**
 * The Content-Security-Policy of every response server.mjs sends, chosen per
 * response (docs/architecture.md, "Content Security Policy"):
 *
 * - a page rendered for this request (the desk, sign-in, search) allows the
 *   scripts carrying this request's nonce: a fresh random nonce goes to
 *   Next.js in the `Content-Security-Policy` request header, from which it
 *   adds the nonce to every script it writes, and `'strict-dynamic'` lets
 *   those scripts load the rest of the app's code;
 * - a page that is the same for every reader (one that shared caches may keep,
 *   or that Next.js served from its own cache: published checks, the home
 *   page, /about) allows exactly the inline scripts of its own body, by their
 *   SHA-256, and scripts from this origin. Its body is held until it is
 *   complete, the hashes computed, then sent, so that the policy travels with
 *   the copy lib/response-cache.mjs keeps: hashed once per copy, never per
 *   reader. Requests for the pages Next.js prerenders (the build's
 *   manifests: prerenderedPages) are given no nonce, so that none is written
 *   into HTML that Next.js keeps for everyone;
 * - any other response (JSON, XML, scripts, images) gets RESOURCE_POLICY,
 *   which allows nothing, should a browser ever open one as a document.
 *
 * No policy allows inline scripts that are neither hashed nor nonced, eval,
 * inline styles, plugins, a `<base>`, being framed, or forms sent elsewhere.
 * `next dev` serves without server.mjs and needs eval and inline code for its
 * tooling: it gets devPolicy() from next.config.ts, and only it.
 *
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { sharedMaxAge } from "./response-cache.mjs";
import { cacheTagsOf, markForSharedCaches } from "./shared-cache-headers.mjs";

export const CSP_HEADER = "content-security-policy";
const CSP_REPORT_ONLY_HEADER = "content-security-policy-report-only";

/**
 * Browser features no page uses, turned off for the page and anything it
 * frames. Only features Chromium knows: an unknown one is logged as an error
 * on every page.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "encrypted-media=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "screen-wake-lock=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

/**
 * What every response of the app carries, besides its policy: Next.js adds
 * them (next.config.ts), and server.mjs to the files it serves itself
 * (lib/static-files.mjs).
 */
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
  // No window of another origin keeps a handle on ours (window.opener), nor ours on it.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Every page's directives but the scripts it runs. Styles come from files of this origin only. */
const PAGE_DIRECTIVES = [
  "default-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/** The policy of a response that is not a page: nothing may run, load, or frame it. */
export const RESOURCE_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** A page's policy, given what its scripts may be. */
function pagePolicy(/** @type {string[]} */ scriptSources) {
  return [`script-src ${scriptSources.join(" ")}`, ...PAGE_DIRECTIVES].join("; ");
}

/** A fresh nonce: 128 random bits, base64 (what a CSP nonce source and Next.js accept). */
export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

/** The policy of a page rendered for one request, with that request's nonce. */
export function noncePolicy(/** @type {string} */ nonce) {
  return pagePolicy(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
}

/**
 * The nonce a request's policy (noncePolicy) gives its page, as Next.js reads
 * it for the scripts it writes; null for a policy without one.
 * @param {string | null | undefined} policy
 */
export function nonceOf(policy) {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy ?? "")?.[1] ?? null;
}

/** The policy of a page that is the same for every reader: its own inline scripts, by hash, and this origin's files. */
export function hashPolicy(/** @type {string[]} */ hashes) {
  return pagePolicy(["'self'", ...hashes]);
}

/**
 * What `next dev` serves (next.config.ts): the same directives, but its
 * tooling evaluates code (React's server stacks, hot reloading) and injects
 * inline scripts and styles, which only a development server may allow.
 */
export function devPolicy() {
  return [
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    ...PAGE_DIRECTIVES.map((d) => (d.startsWith("style-src") ? "style-src 'self' 'unsafe-inline'" : d)),
  ].join("; ");
}

/**
 * `<script>` elements as the HTML tokenizer reads them: the content runs to
 * the first `</script` (followed by whitespace, `/` or `>`).
 */
const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script[\s/>]/gi;
const TYPE_ATTRIBUTE = /(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const SRC_ATTRIBUTE = /(?:^|\s)src\s*=/i;
/** `type` values a browser runs as script (every other type is a data block, e.g. JSON-LD, which no policy governs). */
const SCRIPT_TYPES = new Set(["", "module", "importmap", "speculationrules", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"]);

/**
 * The CSP hash sources (`'sha256-…'`) of the inline scripts a browser would
 * run from this HTML, each once, in order of appearance: the SHA-256 of each
 * script's text in UTF-8. Scripts loaded by `src` are not counted (they must
 * come from this origin), nor data blocks.
 *
 * HTML given as bytes (UTF-8, as sent) is read one character per byte: the
 * tags are ASCII, and each script's bytes are hashed as they are, without the
 * cost of decoding UTF-8 (most of the time here, for a page with a few
 * non-ASCII characters).
 * @param {string | Buffer} html
 * @returns {string[]}
 */
export function inlineScriptHashes(html) {
  const [text, encoding] = typeof html === "string" ? [html, /** @type {const} */ ("utf8")] : [html.toString("latin1"), /** @type {const} */ ("latin1")];
  /** @type {Set<string>} */
  const hashes = new Set();
  for (const [, attributes, content] of text.matchAll(SCRIPT_ELEMENT)) {
    if (SRC_ATTRIBUTE.test(attributes)) continue;
    const type = TYPE_ATTRIBUTE.exec(attributes);
    if (type && !SCRIPT_TYPES.has((type[1] ?? type[2] ?? type[3] ?? "").trim().toLowerCase())) continue;
    hashes.add(`'sha256-${crypto.createHash("sha256").update(content, encoding).digest("base64")}'`);
  }
  return [...hashes];
}

/** A body as sent, uncompressed. */
function decodeBody(/** @type {Buffer} */ body, /** @type {unknown} */ contentEncoding) {
  const encoding = String(contentEncoding ?? "").trim().toLowerCase();
  const options = { chunkSize: 64 * 1024 };
  if (encoding === "gzip" || encoding === "x-gzip") return zlib.gunzipSync(body, options);
  if (encoding === "deflate") return zlib.inflateSync(body, options);
  if (encoding === "br") return zlib.brotliDecompressSync(body, options);
  return body;
}

/**
 * The hash policy of a page's body as sent, and the cache tags it names; a body
 * that cannot be read allows no inline script at all, and names no tag.
 */
function readPageBody(/** @type {Buffer} */ body, /** @type {unknown} */ contentEncoding) {
  try {
    const html = decodeBody(body, contentEncoding);
    return { policy: hashPolicy(inlineScriptHashes(html)), tags: cacheTagsOf(html) };
  } catch (error) {
    console.error(`Content-Security-Policy: could not read a page's body to hash its scripts (${error instanceof Error ? error.message : error}); it runs none`);
    return { policy: hashPolicy([]), tags: [] };
  }
}

/** Whether a shared cache (a CDN, nginx) may keep the response. */
function isShared(/** @type {import("node:http").ServerResponse} */ res) {
  const cacheControl = res.getHeader("cache-control");
  return sharedMaxAge(cacheControl === undefined ? undefined : String(cacheControl)) > 0;
}

/**
 * Whether a page is the same for every reader: a shared cache may keep it
 * (`s-maxage`, as lib/response-cache.mjs decides), or Next.js served it from
 * its cache rather than rendering it for this request (then it carries no
 * nonce of this request, whatever its Cache-Control says: e.g. the prerendered
 * "not found" page).
 */
function isSamePageForEveryone(/** @type {import("node:http").ServerResponse} */ res) {
  const cacheControl = res.getHeader("cache-control");
  return sharedMaxAge(cacheControl === undefined ? undefined : String(cacheControl)) > 0 || res.hasHeader("x-nextjs-cache") || res.hasHeader("x-nextjs-prerender");
}

/**
 * Whether Next.js answers an address with a page it prerenders for everyone
 * (at build, or on a first visit for its cache: ISR), from the build's
 * manifests in `distDir`: its prerendered addresses and the patterns of its
 * prerendered dynamic routes, after the rewrites that lead to one (`/` to the
 * home page's route). Without a build (no manifests), none.
 * @param {string} distDir
 * @returns {(pathname: string) => boolean}
 */
export function prerenderedPages(distDir) {
  const read = (/** @type {string} */ name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(distDir, name), "utf8"));
    } catch {
      return null;
    }
  };
  const prerender = read("prerender-manifest.json");
  if (!prerender) return () => false;
  /** @type {Set<string>} */
  const addresses = new Set(Object.keys(prerender.routes ?? {}));
  /** @type {RegExp[]} */
  const routes = Object.values(prerender.dynamicRoutes ?? {}).map((route) => new RegExp(/** @type {{ routeRegex: string }} */ (route).routeRegex));
  const rewrites = read("routes-manifest.json")?.rewrites ?? [];
  /** @type {{ source: string, destination: string, regex: string, has?: unknown, missing?: unknown }[]} */
  const allRewrites = Array.isArray(rewrites) ? rewrites : [...(rewrites.beforeFiles ?? []), ...(rewrites.afterFiles ?? []), ...(rewrites.fallback ?? [])];
  // Rewrites to one fixed address only, unconditional: others may land anywhere, and their pages get a nonce they may not use.
  const fixedRewrites = allRewrites
    .filter((r) => typeof r.destination === "string" && r.destination.startsWith("/") && !/[:*?(#]/.test(r.destination) && !r.has && !r.missing)
    .map((r) => ({ regex: new RegExp(r.regex), destination: r.destination }));
  return (pathname) => {
    const target = fixedRewrites.find((r) => r.regex.test(pathname))?.destination ?? pathname;
    return addresses.has(target) || routes.some((route) => route.test(target));
  };
}

/**
 * What server.mjs calls for each request Next.js will answer, after the
 * response cache has had its chance (a copy it answers with carries the policy
 * it was kept with): gives the request a nonce for Next.js unless its page is
 * prerendered (`isPrerendered`, from prerenderedPages), and its response the
 * policy that fits it, decided when its headers are final (at writeHead). A
 * page that turns out to be rendered for this request without a nonce (should
 * the manifests say otherwise) is hashed as a shared page is: it still runs.
 * @param {{ isPrerendered?: (pathname: string) => boolean }} [options]
 */
export function createContentSecurityPolicy({ isPrerendered = () => false } = {}) {
  return (/** @type {import("node:http").IncomingMessage} */ req, /** @type {import("node:http").ServerResponse} */ res) => {
    // A client must not choose the nonce Next.js writes (nor turn one off).
    delete req.headers[CSP_HEADER];
    delete req.headers[CSP_REPORT_ONLY_HEADER];
    const pathname = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const perRequestPolicy = isPrerendered(pathname) ? null : noncePolicy(createNonce());
    if (perRequestPolicy) req.headers[CSP_HEADER] = perRequestPolicy;
    securePage(res, perRequestPolicy);
  };
}

/** Whether a response's own policy sandboxes it with no script allowed (`sandbox` without `allow-scripts`). */
export function isSandboxed(/** @type {unknown} */ policy) {
  if (typeof policy !== "string") return false;
  const sandbox = policy.split(";").map((d) => d.trim().toLowerCase()).find((d) => d === "sandbox" || d.startsWith("sandbox "));
  return !!sandbox && !sandbox.includes("allow-scripts");
}

/**
 * Sets the response's policy when its headers are final: `perRequestPolicy`
 * for a page rendered for this request, the hashes of its body for a page
 * that is the same for everyone (or rendered without a nonce).
 * @param {import("node:http").ServerResponse} res
 * @param {string | null} perRequestPolicy
 */
function securePage(res, perRequestPolicy) {
  /** "pass" once headers go out as they are; "hold" while a page's body is kept back to be hashed. @type {"pass" | "hold" | undefined} */
  let mode;
  /** @type {any[]} */
  let headArgs = [];
  /** @type {Buffer[]} */
  const held = [];
  const { writeHead, write, end, flushHeaders } = res;

  /** Chooses the policy from the final headers. */
  const decide = () => {
    const contentType = String(res.getHeader("content-type") ?? "");
    if (!/^\s*text\/html\b/i.test(contentType)) {
      if (!res.hasHeader(CSP_HEADER)) res.setHeader(CSP_HEADER, RESOURCE_POLICY);
      // Not a page (a client navigation's RSC payload, the feed): no tags, so no CDN keeps it (lib/shared-cache-headers.mjs).
      if (isShared(res)) markForSharedCaches(res, null);
      return "pass";
    }
    // A document the app serves sandboxed (an archived copy of a source's page, lib/archive-html.ts) keeps its own policy:
    // stricter than any page's, it runs no script at all.
    if (isSandboxed(res.getHeader(CSP_HEADER))) return "pass";
    if (!perRequestPolicy || isSamePageForEveryone(res)) return "hold";
    res.setHeader(CSP_HEADER, perRequestPolicy);
    return "pass";
  };
  const hold = (/** @type {any} */ chunk, /** @type {any} */ encoding) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    held.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  };

  res.writeHead = /** @type {any} */ (
    function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
      if (mode === "hold") return res;
      if (mode === undefined) {
        // Headers given here join the others, so that the policy is chosen from all of them.
        const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
        if (headers && !Array.isArray(headers)) {
          for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
          rest = typeof rest[0] === "string" ? [rest[0]] : [];
        }
        mode = Array.isArray(headers) ? "pass" : decide();
        if (mode === "hold") {
          headArgs = [status, ...rest];
          return res;
        }
      }
      return writeHead.call(res, status, ...rest);
    }
  );
  res.flushHeaders = function () {
    if (mode === undefined) res.writeHead(res.statusCode);
    if (mode !== "hold") flushHeaders.call(res);
  };
  res.write = /** @type {any} */ (
    function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
      if (mode === undefined) res.writeHead(res.statusCode);
      if (mode !== "hold") return write.call(res, chunk, ...rest);
      hold(chunk, rest[0]);
      const callback = rest.find((arg) => typeof arg === "function");
      if (callback) process.nextTick(callback);
      return true;
    }
  );
  res.end = /** @type {any} */ (
    function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
      if (mode === undefined) res.writeHead(res.statusCode);
      if (mode !== "hold") return end.call(res, chunk, ...rest);
      hold(chunk, rest[0]);
      const callback = [chunk, ...rest].find((arg) => typeof arg === "function");
      const body = Buffer.concat(held);
      held.length = 0;
      mode = "pass";
      const page = readPageBody(body, res.getHeader("content-encoding"));
      res.setHeader(CSP_HEADER, page.policy);
      if (isShared(res)) markForSharedCaches(res, page.tags);
      writeHead.call(res, ...headArgs);
      return callback ? end.call(res, body, callback) : end.call(res, body);
    }
  );
}
