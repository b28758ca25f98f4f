// @ts-check
/**
 * A cache of whole responses in front of Next.js (server.mjs), for a second at
 * most: what a reverse proxy's "micro-cache" does, in the app's own process.
 *
 * Next.js already serves public pages from its cache (ISR), but each request
 * still goes through its router and the page's route module, about 0.7 ms of
 * CPU here, and more for a dynamic route like `/fact-checks/[slug]` than for a
 * static one. Under load, most requests for a page arrive within a second of
 * the one before; this cache answers them with the bytes Next.js sent last
 * time, for any page that Next.js itself marks as shareable.
 *
 * It keeps only what a shared HTTP cache may keep, for a second, and never
 * longer than the response's own `s-maxage`:
 * - GET requests for whole documents (no `RSC` header), without a
 *   `Cache-Control: no-cache` of their own (a browser's hard reload);
 * - responses whose `Cache-Control` has `s-maxage` and none of `private`,
 *   `no-store` or `no-cache`, with no `Set-Cookie`, that Next.js did not serve
 *   stale (`x-nextjs-cache: STALE`);
 * - one copy per value of the request headers the response `Vary`s on (the
 *   encoding a browser accepts, mostly), since Next.js compresses per request.
 *
 * When a copy's second is up, the next request for it goes to Next.js, and
 * until its answer is in (a few milliseconds), other requests for the page
 * still get the copy, for a second more at most and never past `s-maxage`:
 * otherwise every connection waiting on the page would ask Next.js at once,
 * and all would wait for the slowest (p99 50 ms instead of 3 at 50
 * connections).
 *
 * Every expiry of Next.js's cache (a publication, a source's new status, a
 * setting, from this instance or another: lib/cache-handler.mjs) empties it,
 * and a response whose request overlapped an expiry is not kept: a reader
 * never sees a page the newsroom has changed, even for a second.
 *
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */
/**
 * @typedef {import("node:http").IncomingMessage} Request
 * @typedef {import("node:http").ServerResponse} Response
 * @typedef {{ status: number, headers: [string, string | string[]][], body: Buffer, expires: number, staleUntil: number, refreshing: boolean }} Stored
 * @typedef {{ vary: string[], variants: Map<string, Stored> }} Entry
 * @typedef {{ entries: number, bytes: number }} Stats
 */

/** Headers of a stored response that belong to one connection or one send, never repeated. */
const HOP_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "date", "content-length"]);
/** Statuses a shared cache keeps: a page, a moved page, a missing page. */
const STORED_STATUSES = new Set([200, 301, 308, 404, 410]);
/** Marks an answer from this cache, for tests and for anyone reading the headers. */
export const HIT_HEADER = "x-factdesk-cache";
const NEXT_CACHE_HEADER = "x-nextjs-cache";
/** How many copies of one address, at most (one per accepted encoding, in practice). */
const MAX_VARIANTS = 8;

/** The `s-maxage` of a response that a shared cache may keep, in seconds; 0 when it may not. */
export function sharedMaxAge(/** @type {string | undefined} */ cacheControl) {
  if (!cacheControl) return 0;
  const directives = cacheControl.toLowerCase().split(",").map((part) => part.trim());
  if (directives.some((d) => d === "private" || d === "no-store" || d === "no-cache" || d.startsWith("private="))) return 0;
  const sMaxAge = directives.find((d) => d.startsWith("s-maxage="));
  const seconds = sMaxAge ? Number(sMaxAge.slice("s-maxage=".length)) : 0;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** Whether this request may be answered from the cache, and its answer kept. */
function isCacheableRequest(/** @type {Request} */ req) {
  if (req.method !== "GET" || !req.url || req.url.length > 2048) return false;
  const { headers } = req;
  if (headers.rsc !== undefined || headers["next-action"] !== undefined) return false;
  const cacheControl = headers["cache-control"]?.toLowerCase() ?? "";
  return !cacheControl.includes("no-cache") && !cacheControl.includes("no-store") && headers.pragma !== "no-cache";
}

function headerValue(/** @type {Request} */ req, /** @type {string} */ name) {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

function variantKey(/** @type {Request} */ req, /** @type {string[]} */ vary) {
  return vary.map((name) => headerValue(req, name)).join("\n");
}

/** Rough size of a stored response, for the memory bound. */
function sizeOf(/** @type {Stored} */ stored) {
  return stored.body.length + 64 * stored.headers.length + 256;
}

/**
 * @param {{ ttlMs?: number, maxBytes?: number, maxEntryBytes?: number, now?: () => number }} [options]
 */
export function createResponseCache({ ttlMs = 1_000, maxBytes = 32 * 1024 * 1024, maxEntryBytes = 1024 * 1024, now = Date.now } = {}) {
  /** Address (path and query) → its copies. Oldest first, for eviction. @type {Map<string, Entry>} */
  const entries = new Map();
  let bytes = 0;
  /** Counts expiries: a response whose request began under another generation is not kept. */
  let generation = 0;

  function remove(/** @type {string} */ url) {
    const entry = entries.get(url);
    if (!entry) return;
    for (const stored of entry.variants.values()) bytes -= sizeOf(stored);
    entries.delete(url);
  }

  /** Forgets one copy, if it is still the one held. */
  function drop(/** @type {string} */ url, /** @type {string} */ key, /** @type {Stored} */ stored) {
    const entry = entries.get(url);
    if (!entry || entry.variants.get(key) !== stored) return;
    entry.variants.delete(key);
    bytes -= sizeOf(stored);
    if (entry.variants.size === 0) entries.delete(url);
  }

  /**
   * The copy to answer with, if any. A copy whose time is up is refreshed by
   * this request (its answer replaces it; a copy whose refresh gives nothing
   * that may be kept is forgotten); other requests meanwhile get the copy.
   * @returns {Stored | undefined}
   */
  function lookup(/** @type {Request} */ req, /** @type {Response} */ res) {
    const url = /** @type {string} */ (req.url);
    const entry = entries.get(url);
    if (!entry) return undefined;
    const key = variantKey(req, entry.vary);
    const stored = entry.variants.get(key);
    if (!stored) return undefined;
    const time = now();
    if (stored.expires > time) return stored;
    if (stored.refreshing) {
      if (time < stored.staleUntil) return stored;
      // The refresh is taking too long: this request asks Next.js too, and the copy goes.
      drop(url, key, stored);
      return undefined;
    }
    stored.refreshing = true;
    res.once("close", () => drop(url, key, stored));
    return undefined;
  }

  function store(/** @type {Request} */ req, /** @type {string[]} */ vary, /** @type {Stored} */ stored) {
    const url = /** @type {string} */ (req.url);
    let entry = entries.get(url);
    if (entry && entry.vary.join() !== vary.join()) {
      remove(url);
      entry = undefined;
    }
    if (!entry) {
      entry = { vary, variants: new Map() };
      entries.set(url, entry);
    }
    const key = variantKey(req, vary);
    const previous = entry.variants.get(key);
    if (previous) bytes -= sizeOf(previous);
    else if (entry.variants.size >= MAX_VARIANTS) return;
    entry.variants.set(key, stored);
    bytes += sizeOf(stored);
    // Oldest addresses go first when the cache is full.
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  }

  /** Records what Next.js sends, to keep it if it may be kept. */
  function capture(/** @type {Request} */ req, /** @type {Response} */ res) {
    const startedIn = generation;
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    /** The response's headers and `s-maxage` if it may be kept, else null; read at its first byte (undefined until then). @type {{ headers: Record<string, any>, maxAge: number } | null | undefined} */
    let head;
    /** Headers given to writeHead directly, which `getHeaders()` does not list. @type {Record<string, any>} */
    const headHeaders = {};
    let rawHead = false;

    // Headers are final when the body begins: a response that may not be kept (a desk page) is not even buffered.
    const readHead = () => {
      if (head === undefined) {
        /** @type {Record<string, any>} */
        const headers = { ...res.getHeaders(), ...headHeaders };
        const maxAge = sharedMaxAge(headers["cache-control"] === undefined ? undefined : String(headers["cache-control"]));
        const stale = String(headers[NEXT_CACHE_HEADER] ?? "").toUpperCase() === "STALE";
        head = maxAge > 0 && !stale && headers["set-cookie"] === undefined ? { headers, maxAge } : null;
      }
      return head;
    };
    const collect = (/** @type {any} */ chunk, /** @type {any} */ encoding) => {
      if (tooLarge || chunk == null || typeof chunk === "function" || !readHead()) return;
      const buffer = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? /** @type {BufferEncoding} */ (encoding) : "utf8")
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      size += buffer.length;
      if (size > maxEntryBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else chunks.push(buffer);
    };

    const { writeHead, write, end } = res;
    res.writeHead = /** @type {any} */ (
      function (/** @type {number} */ status, /** @type {any[]} */ ...rest) {
        const headers = typeof rest[0] === "string" ? rest[1] : rest[0];
        if (Array.isArray(headers)) rawHead = true;
        else if (headers) for (const [name, value] of Object.entries(headers)) headHeaders[name.toLowerCase()] = value;
        return writeHead.call(res, status, ...rest);
      }
    );
    res.write = /** @type {any} */ (
      function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
        collect(chunk, rest[0]);
        return write.call(res, chunk, ...rest);
      }
    );
    res.end = /** @type {any} */ (
      function (/** @type {any} */ chunk, /** @type {any[]} */ ...rest) {
        collect(chunk, rest[0]);
        return end.call(res, chunk, ...rest);
      }
    );

    res.once("finish", () => {
      const kept = readHead();
      if (!kept || tooLarge || rawHead || generation !== startedIn || !STORED_STATUSES.has(res.statusCode)) return;
      const { headers, maxAge } = kept;
      const vary = String(headers.vary ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      if (vary.includes("*")) return;
      /** @type {[string, string | string[]][]} */
      const replayed = [];
      for (const [name, value] of Object.entries(headers)) {
        if (value === undefined || HOP_HEADERS.has(name)) continue;
        replayed.push([name, Array.isArray(value) ? value.map(String) : String(value)]);
      }
      const time = now();
      store(req, vary, {
        status: res.statusCode,
        headers: replayed,
        body: Buffer.concat(chunks, size),
        expires: time + Math.min(ttlMs, maxAge * 1000),
        staleUntil: Math.min(time + 2 * ttlMs, time + maxAge * 1000),
        refreshing: false,
      });
    });
  }

  return {
    /**
     * Answers the request from the cache when it can (returns true); otherwise
     * prepares to keep Next.js's answer (returns false: call Next.js).
     */
    handle(/** @type {Request} */ req, /** @type {Response} */ res) {
      if (!isCacheableRequest(req)) return false;
      const stored = lookup(req, res);
      if (!stored) {
        capture(req, res);
        return false;
      }
      res.statusCode = stored.status;
      for (const [name, value] of stored.headers) res.setHeader(name, value);
      // Whatever Next.js said of its own cache then (a MISS that rendered the page), this answer renders nothing.
      if (res.hasHeader(NEXT_CACHE_HEADER)) res.setHeader(NEXT_CACHE_HEADER, "HIT");
      res.setHeader(HIT_HEADER, "HIT");
      res.setHeader("content-length", stored.body.length);
      res.end(stored.body);
      return true;
    },
    /** Forgets every response (an expiry in Next.js's cache), and refuses those begun before. */
    expireAll() {
      generation += 1;
      entries.clear();
      bytes = 0;
    },
    /** @returns {Stats} */
    stats() {
      return { entries: entries.size, bytes };
    },
  };
}

