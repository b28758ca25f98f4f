// @ts-check
/**
 * The build's own files (`/_next/static/…`: scripts, styles, fonts, named by
 * their content) served compressed ahead of time.
 *
 * Next.js compresses every response as it sends it (gzip, at its default
 * level), static files included: the editor's largest script (about 490 KB)
 * costs the server 20 ms of CPU each time a browser without it in its cache
 * asks for it, and an opening of the editor asks for about 1.1 MB of them,
 * on the same cores as the pages being rendered. Instead, `npm run build`
 * (and `npm start` and the tests, when they build) writes a Brotli copy
 * (quality 11) and a gzip copy (level 9) beside each file once
 * (`precompressStatic`); the server sends the copy the browser accepts, with
 * the headers Next.js would have sent (`createStaticFiles`), read from disk
 * once and kept in memory. The copies are smaller too (Brotli: about a fifth
 * less than gzip at level 6 on these scripts).
 *
 * Anything else goes to Next.js as before: a file without copies (a build
 * made by `next build` alone), a client that accepts neither encoding, a
 * range request, a path with escapes or dot segments.
 */
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

export const STATIC_PREFIX = "/_next/static/";

/** What is worth compressing, with the type Next.js sends it as. */
const TYPES = /** @type {Record<string, string>} */ ({
  ".js": "application/javascript; charset=UTF-8",
  ".mjs": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
  ".json": "application/json; charset=UTF-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=UTF-8",
});
/** Smaller files gain nothing worth a second request's headers. */
const MIN_BYTES = 1024;
/** The copies, preferred in this order when a browser accepts both. */
const ENCODINGS = /** @type {const} */ ([
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
]);

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Every file under `dir`, as paths relative to it with forward slashes (none when it does not exist). */
function listFiles(/** @type {string} */ dir) {
  try {
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
  } catch {
    return [];
  }
}

const compressible = (/** @type {string} */ rel) => Object.hasOwn(TYPES, path.extname(rel)) && !rel.endsWith(".br") && !rel.endsWith(".gz");

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the
 * build's static directory that has none as new as itself (each written
 * under a temporary name, then renamed: a server never reads half a copy).
 * A copy that would not be smaller is not written. Compressions run on
 * Node.js's thread pool, several at once.
 * @param {string} staticDir e.g. `.next/static`
 * @returns {Promise<{ files: number; written: number; bytes: number; brotliBytes: number }>}
 */
export async function precompressStatic(staticDir) {
  const files = listFiles(staticDir).filter(compressible);
  let written = 0;
  let bytes = 0;
  let brotliBytes = 0;
  await Promise.all(
    files.map(async (rel) => {
      const file = path.join(staticDir, rel);
      const stat = fs.statSync(file);
      if (stat.size < MIN_BYTES) return;
      bytes += stat.size;
      const fresh = (/** @type {string} */ copy) => {
        try {
          return fs.statSync(copy).mtimeMs >= stat.mtimeMs;
        } catch {
          return false;
        }
      };
      if (ENCODINGS.every(({ suffix }) => fresh(file + suffix))) {
        brotliBytes += fs.statSync(file + ".br").size;
        return;
      }
      const body = fs.readFileSync(file);
      const [br, gz] = await Promise.all([
        brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzip(body, { level: 9 }),
      ]);
      for (const [suffix, copy] of /** @type {const} */ ([
        [".br", br],
        [".gz", gz],
      ])) {
        if (copy.length >= body.length) continue;
        const temporary = `${file}${suffix}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, copy);
        fs.renameSync(temporary, file + suffix);
        written += 1;
      }
      brotliBytes += Math.min(br.length, body.length);
    }),
  );
  return { files: files.length, written, bytes, brotliBytes };
}

/**
 * The encodings a request's Accept-Encoding allows, of those there are
 * copies of (`q=0` refuses one; `*` stands for any not named).
 * @param {string | string[] | undefined} header
 */
export function acceptedEncodings(header) {
  if (typeof header !== "string" || header === "") return [];
  /** @type {Map<string, number>} */
  const weights = new Map();
  for (const part of header.split(",")) {
    const [token = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find(Boolean);
    weights.set(token.trim(), q ? Number(q[1]) : 1);
  }
  const any = weights.get("*");
  return ENCODINGS.filter(({ name }) => (weights.get(name) ?? any ?? 0) > 0);
}

/**
 * The handler server.mjs asks first: true when it answers (a static file of
 * the build, sent as a copy compressed ahead of time), false when Next.js
 * should. The directory is read once, at the first request for a static file.
 * @param {{ staticDir: string; headers?: Record<string, string> }} options
 *   `headers`: what every response of the app carries besides (security headers, the policy for resources)
 */
export function createStaticFiles({ staticDir, headers = {} }) {
  /** @type {Map<string, { file: string; type: string; modified: Date; copies: Map<string, string> }> | null} */
  let index = null;
  /** The copies' bytes, read once: the build does not change under a running server. @type {Map<string, Promise<Buffer>>} */
  const bodies = new Map();

  const buildIndex = () => {
    const found = new Map();
    const files = new Set(listFiles(staticDir));
    for (const rel of files) {
      if (!compressible(rel)) continue;
      const file = path.join(staticDir, rel);
      const modified = fs.statSync(file).mtime;
      const copies = new Map();
      // A copy older than its file (written over since) is not the file any more.
      for (const { name, suffix } of ENCODINGS) if (files.has(rel + suffix) && fs.statSync(file + suffix).mtimeMs >= modified.getTime()) copies.set(name, file + suffix);
      if (copies.size === 0) continue;
      modified.setMilliseconds(0);
      found.set(STATIC_PREFIX + rel, { file, type: TYPES[path.extname(rel)], modified, copies });
    }
    return found;
  };

  const read = (/** @type {string} */ copy) => {
    let body = bodies.get(copy);
    if (!body) {
      body = fs.promises.readFile(copy);
      bodies.set(copy, body);
      body.catch(() => bodies.delete(copy));
    }
    return body;
  };

  return (/** @type {import("node:http").IncomingMessage} */ req, /** @type {import("node:http").ServerResponse} */ res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "";
    if (!url.startsWith(STATIC_PREFIX) || req.headers.range) return false;
    const pathname = url.split("?", 1)[0] ?? "";
    // Next.js's own names only: no escapes, no dot segments, nothing it would read differently.
    if (!/^[A-Za-z0-9._~/-]+$/.test(pathname) || pathname.split("/").some((segment) => segment === "." || segment === "..")) return false;
    index ??= buildIndex();
    const entry = index.get(pathname);
    if (!entry) return false;
    const encoding = acceptedEncodings(req.headers["accept-encoding"]).find(({ name }) => entry.copies.has(name));
    if (!encoding) return false;
    const copy = /** @type {string} */ (entry.copies.get(encoding.name));

    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Content-Type", entry.type);
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Last-Modified", entry.modified.toUTCString());
    const since = Date.parse(String(req.headers["if-modified-since"] ?? ""));
    if (!req.headers["if-none-match"] && Number.isFinite(since) && since >= entry.modified.getTime()) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    read(copy).then(
      (body) => {
        res.setHeader("Content-Encoding", encoding.name);
        res.setHeader("Content-Length", body.length);
        res.statusCode = 200;
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (error) => {
        console.error(error);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      },
    );
    return true;
  };
}
