// @ts-check
/**
 * Next.js's cache handler for Factdesk (next.config.ts `cacheHandler`), written
 * against Next's public cache handler interface (`get`, `set`, `revalidateTag`,
 * `resetRequestCache`) and nothing of its private modules.
 *
 * Where the entries live:
 * - with `REDIS_URL`, in Redis (`createRedisStore`): every instance reads and
 *   writes the same entries and the same tag expiries, so a page is rendered
 *   once for all of them, and an expiry made on one (a publication) is seen
 *   by all of them at their next read, with nothing to fan out;
 * - otherwise in this process's memory (`createMemoryStore`), as Next.js's
 *   own handler keeps them with `isrFlushToDisk` off: the embedded default,
 *   one process.
 *
 * What it adds on both:
 * - entries dated by when their render began (see `renderStarts` below), so
 *   that a render overlapping a change is not kept as fresh;
 * - `onExpiry` listeners, told once an expiry is recorded (the response
 *   cache of server.mjs empties itself then);
 * - the purge hook (lib/purge-hook.mjs, `FACTDESK_PURGE_URL`): every expiry of
 *   public tags is sent to a CDN in front, once it is recorded.
 *
 * Loaded by Next.js at run time with Node's own `import()` (never bundled),
 * hence plain JavaScript.
 */
import v8 from "node:v8";
import { purgeHookFromEnv } from "./purge-hook.mjs";

/** Every public page and list carries this tag (PUBLIC_TAGS.all in lib/server/public-cache.ts). */
export const EVERY_PUBLIC_TAG = "public";
/** Where Next.js keeps a page's tags in its entry. */
const TAGS_HEADER = "x-next-cache-tags";
/** A render older than this is not waited for (the entry then dates from this long ago). */
const LONGEST_RENDER_MS = 60_000;
/** Keys read and never stored (a burst of unknown addresses) are forgotten, oldest first, past this many. */
const MAX_PENDING = 10_000;
/** How long an entry with no lifetime of its own (a static page) is kept. */
const DAY_S = 86_400;

/**
 * @typedef {{ expire?: number }} Durations
 * @typedef {{ stale?: number, expired?: number }} TagExpiry When a tag was marked stale, and when it expires (ms since the epoch).
 * @typedef {{ lastModified: number, value: any, cacheControl?: { revalidate?: number | false, expire?: number }, tags: string[] }} Entry
 * @typedef {{
 *   get: (key: string) => Promise<Entry | null>,
 *   set: (key: string, entry: Entry, ttlSeconds: number) => Promise<void>,
 *   tagExpiries: (tags: string[]) => Promise<(TagExpiry | undefined)[]>,
 *   expireTags: (tags: string[], expiry: TagExpiry) => Promise<void>,
 *   close: () => Promise<void>,
 * }} CacheStore
 */

// ---------------------------------------------------------------------------
// Stores

/** Rough size of a cached value in bytes, for the memory bound. */
export function sizeOf(/** @type {any} */ value) {
  if (!value) return 64;
  let bytes = 256;
  for (const part of [value.html, value.rscData, value.body, value.postponed]) {
    if (typeof part === "string") bytes += part.length;
    else if (part && typeof part.byteLength === "number") bytes += part.byteLength;
  }
  if (value.segmentData instanceof Map) for (const segment of value.segmentData.values()) bytes += segment?.byteLength ?? 0;
  if (value.kind === "FETCH") bytes += JSON.stringify(value.data ?? null).length;
  return bytes;
}

/** Entries and tag expiries in this process's memory, least recently used entries dropped past `maxBytes`. */
export function createMemoryStore({ maxBytes = 64 * 1024 * 1024, now = Date.now } = {}) {
  /** @type {Map<string, { entry: Entry, bytes: number, until: number }>} */
  const entries = new Map();
  /** @type {Map<string, TagExpiry>} */
  const tags = new Map();
  let bytes = 0;
  const remove = (/** @type {string} */ key) => {
    const held = entries.get(key);
    if (!held) return;
    bytes -= held.bytes;
    entries.delete(key);
  };
  /** @type {CacheStore & { stats: () => { entries: number, bytes: number } }} */
  const store = {
    async get(key) {
      const held = entries.get(key);
      if (!held) return null;
      if (held.until <= now()) {
        remove(key);
        return null;
      }
      // Most recently used last: the first ones go when memory runs out.
      entries.delete(key);
      entries.set(key, held);
      return held.entry;
    },
    async set(key, entry, ttlSeconds) {
      remove(key);
      const size = sizeOf(entry.value);
      if (size > maxBytes) return;
      entries.set(key, { entry, bytes: size, until: now() + ttlSeconds * 1000 });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break;
        remove(oldest);
      }
    },
    async tagExpiries(list) {
      return list.map((tag) => tags.get(tag));
    },
    async expireTags(list, expiry) {
      for (const tag of list) tags.set(tag, { ...tags.get(tag), ...expiry });
    },
    async close() {
      entries.clear();
      tags.clear();
      bytes = 0;
    },
    stats: () => ({ entries: entries.size, bytes }),
  };
  return store;
}

/**
 * An entry as Redis keeps it: V8's serialization (structured clone), which
 * keeps Buffers, Maps and strings as they are, with no base64 or JSON
 * escaping on the way.
 */
export function encodeEntry(/** @type {Entry} */ entry) {
  return v8.serialize(entry);
}

export function decodeEntry(/** @type {Buffer} */ raw) {
  /** @type {Entry} */
  const entry = v8.deserialize(raw);
  // Next.js treats these as Buffers (toString, concatenation); V8 may give them back as plain Uint8Arrays.
  const value = entry.value;
  if (value) {
    for (const name of ["rscData", "body"]) {
      const part = value[name];
      if (part instanceof Uint8Array && !Buffer.isBuffer(part)) value[name] = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    }
    if (value.segmentData instanceof Map) {
      for (const [path, part] of value.segmentData) {
        if (part instanceof Uint8Array && !Buffer.isBuffer(part)) value.segmentData.set(path, Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      }
    }
  }
  return entry;
}

/**
 * Entries and tag expiries in Redis, under `prefix`: `<prefix>entry:<key>`
 * (one string each, expiring with the entry's lifetime) and two hashes of
 * tag → time, `<prefix>tags:stale` and `<prefix>tags:expired`.
 * @param {{ client: import("ioredis").Redis, prefix: string }} options
 */
export function createRedisStore({ client, prefix }) {
  const entryKey = (/** @type {string} */ key) => `${prefix}entry:${key}`;
  const staleKey = `${prefix}tags:stale`;
  const expiredKey = `${prefix}tags:expired`;
  // Reads and stores do not wait for a connection (the page is rendered meanwhile); an expiry does, within the command timeout.
  const connected = () => {
    if (client.status !== "ready") throw new Error(`Redis is not connected (${client.status})`);
  };
  /** @type {CacheStore} */
  const store = {
    async get(key) {
      connected();
      const raw = await client.getBuffer(entryKey(key));
      return raw ? decodeEntry(raw) : null;
    },
    async set(key, entry, ttlSeconds) {
      connected();
      await client.set(entryKey(key), encodeEntry(entry), "EX", Math.max(1, Math.ceil(ttlSeconds)));
    },
    async tagExpiries(list) {
      if (!list.length) return [];
      connected();
      const [stale, expired] = await Promise.all([client.hmget(staleKey, ...list), client.hmget(expiredKey, ...list)]);
      return list.map((_, i) => {
        const s = stale[i];
        const e = expired[i];
        if (s == null && e == null) return undefined;
        /** @type {TagExpiry} */
        const expiry = {};
        if (s != null) expiry.stale = Number(s);
        if (e != null) expiry.expired = Number(e);
        return expiry;
      });
    },
    async expireTags(list, expiry) {
      if (!list.length) return;
      const batch = client.multi();
      if (expiry.stale !== undefined) batch.hset(staleKey, Object.fromEntries(list.map((tag) => [tag, String(expiry.stale)])));
      if (expiry.expired !== undefined) batch.hset(expiredKey, Object.fromEntries(list.map((tag) => [tag, String(expiry.expired)])));
      await batch.exec();
    },
    async close() {
      client.disconnect();
    },
  };
  return store;
}

// ---------------------------------------------------------------------------
// What one process shares between the handler instances Next.js creates (one per request)

/**
 * @typedef {{
 *   store: CacheStore,
 *   renderStarts: Map<string, number>,
 *   listeners: Set<() => void>,
 *   purge: ((tags: string[]) => void) | null,
 *   log: Pick<Console, "error">,
 *   lastFailureLog: number,
 * }} HandlerState
 */

const global = /** @type {{ __factdeskCache?: HandlerState, __factdeskExpiryListeners?: Set<() => void> }} */ (globalThis);

function listeners() {
  return (global.__factdeskExpiryListeners ??= new Set());
}

/**
 * Calls `listener` after every expiry this process records (its own: with
 * Redis, other instances' expiries are read from Redis, not announced). The
 * response cache in front of Next.js (lib/response-cache.mjs) empties itself
 * then. Returns the unsubscribe.
 */
export function onExpiry(/** @type {() => void} */ listener) {
  const set = listeners();
  set.add(listener);
  return () => void set.delete(listener);
}

/** Redis's key prefix for the cache: `FACTDESK_REDIS_PREFIX` (default `factdesk`) and `:cache:`. */
export function cachePrefix(env = process.env) {
  return `${env.FACTDESK_REDIS_PREFIX?.trim() || "factdesk"}:cache:`;
}

/** The store this process's environment asks for: Redis with REDIS_URL (not while building), else memory. */
async function storeFromEnv() {
  const url = process.env.REDIS_URL?.trim();
  if (!url || process.env.NEXT_PHASE === "phase-production-build") return createMemoryStore();
  if (!/^rediss?:\/\//.test(url)) throw new Error("REDIS_URL must be a redis:// or rediss:// URL");
  const { Redis } = await import("ioredis");
  // A request waits a second at most for Redis; without it pages are rendered for each request, never served stale.
  const client = new Redis(url, { connectTimeout: 5_000, commandTimeout: 1_000, maxRetriesPerRequest: 1, enableAutoPipelining: true });
  client.on("error", () => {}); // reported per failed command (logFailure), not per reconnection attempt
  // The first request waits for the connection (2 s at most) rather than render for nothing.
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  return createRedisStore({ client, prefix: cachePrefix() });
}

/** @type {Promise<HandlerState> | undefined} */
let starting;

/** The process's state, made on first use (by Next.js's first cache read) from the environment. */
function processState() {
  if (global.__factdeskCache) return Promise.resolve(global.__factdeskCache);
  starting ??= storeFromEnv().then((store) => {
    let hook = null;
    try {
      if (process.env.NEXT_PHASE !== "phase-production-build") hook = purgeHookFromEnv();
    } catch (error) {
      // server.mjs checks it before it listens; `next start` alone gets this line.
      console.error(`Purge hook: off (${error instanceof Error ? error.message : error})`);
    }
    global.__factdeskCache = {
      store,
      renderStarts: new Map(),
      listeners: listeners(),
      purge: hook ? (tags) => void hook.purge(tags) : null,
      log: console,
      lastFailureLog: 0,
    };
    return global.__factdeskCache;
  });
  return starting;
}

/** Tests: the state every handler of this process then uses (a store of their own, a purge to observe). */
export function useCacheState(/** @type {{ store: CacheStore, purge?: ((tags: string[]) => void) | null, log?: Pick<Console, "error"> } | null} */ options) {
  starting = undefined;
  global.__factdeskCache = options
    ? { store: options.store, renderStarts: new Map(), listeners: listeners(), purge: options.purge ?? null, log: options.log ?? console, lastFailureLog: 0 }
    : undefined;
}

/** One line about a store that failed, at most every 10 s (an unreachable Redis fails every request). */
function logFailure(/** @type {HandlerState} */ state, /** @type {string} */ what, /** @type {unknown} */ error) {
  const time = Date.now();
  if (time - state.lastFailureLog < 10_000) return;
  state.lastFailureLog = time;
  state.log.error(`Cache: cannot ${what} (${error instanceof Error ? error.message : error}); pages are rendered for each request meanwhile`);
}

// ---------------------------------------------------------------------------
// Renders that overlap an expiry

/*
 * Next.js dates an entry by when it was stored, and counts a tag expiry
 * against it only when the expiry is later. A render that read the database
 * before a change was committed, and finished after the change expired its
 * tags, would then be kept as fresh: the old version, or a page without its
 * retraction banner, served until its lifetime ends (up to an hour). So each
 * entry is dated by when its render may have begun instead: the first read
 * since the entry was last stored that found nothing fresh to serve (a miss,
 * an expired or a stale entry), which is what makes Next.js render. An expiry
 * during the render then counts, and the next reader gets a new render.
 * With Redis the read and the store of one render happen on the same
 * instance (the one rendering), so this map is per process.
 */
function noteRenderStart(/** @type {HandlerState} */ state, /** @type {string} */ key, /** @type {number} */ time) {
  if (state.renderStarts.has(key)) return;
  state.renderStarts.set(key, time);
  if (state.renderStarts.size > MAX_PENDING) state.renderStarts.delete(/** @type {string} */ (state.renderStarts.keys().next().value));
}

/** When the entry being stored under `key` counts from: its render's start, one millisecond earlier (an expiry in that millisecond counts too). */
function takeRenderStart(/** @type {HandlerState} */ state, /** @type {string} */ key, /** @type {number} */ time) {
  const start = state.renderStarts.get(key);
  state.renderStarts.delete(key);
  if (start === undefined) return time;
  return Math.min(time, Math.max(start, time - LONGEST_RENDER_MS) - 1);
}

/** The tags an entry answers to: a fetch's (unstable_cache) from the read's context, a page's from its headers. */
function tagsOf(/** @type {any} */ value, /** @type {any} */ ctx) {
  if (ctx?.kind === "FETCH" || value?.kind === "FETCH") return [...new Set([...(ctx?.tags ?? []), ...(ctx?.softTags ?? []), ...(value?.tags ?? [])])];
  const header = value?.headers?.[TAGS_HEADER];
  return typeof header === "string" && header ? header.split(",") : [];
}

/** Whether the entry's own lifetime is over (Next.js then serves it once more while it renders again). */
function pastLifetime(/** @type {Entry} */ entry, /** @type {any} */ ctx, /** @type {number} */ time) {
  const revalidate = entry.value?.kind === "FETCH" ? ctx?.revalidate || entry.value.revalidate : entry.cacheControl?.revalidate;
  return typeof revalidate === "number" && entry.lastModified + revalidate * 1000 < time;
}

/** Seconds to keep an entry: past its `expire` Next.js renders it again before serving it, so it is useless then. */
function keepFor(/** @type {any} */ value, /** @type {any} */ ctx) {
  if (value?.kind === "FETCH") {
    const revalidate = ctx?.revalidate ?? value.revalidate;
    return typeof revalidate === "number" && revalidate > 0 ? Math.min(DAY_S, revalidate + 3_600) : DAY_S;
  }
  const { revalidate, expire } = ctx?.cacheControl ?? {};
  if (typeof expire === "number" && expire > 0) return Math.min(DAY_S, expire);
  if (typeof revalidate === "number" && revalidate > 0) return Math.min(DAY_S, revalidate + 3_600);
  return DAY_S;
}

/** Next.js makes one per request, with a context (file system, build directory) that nothing here needs. */
export default class FactdeskCacheHandler {

  /**
   * @param {string} key
   * @param {any} ctx
   */
  async get(key, ctx) {
    const state = await processState();
    const time = Date.now();
    /** @type {Entry | null} */
    let entry;
    /** @type {(TagExpiry | undefined)[]} */
    let expiries;
    /** @type {string[]} */
    let tags;
    try {
      entry = await state.store.get(key);
      if (!entry) {
        noteRenderStart(state, key, time);
        return null;
      }
      tags = tagsOf(entry.value, ctx);
      expiries = await state.store.tagExpiries(tags);
    } catch (error) {
      // Nothing known to be fresh: rendered (and stored, if the store is back).
      logFailure(state, "read the cache", error);
      noteRenderStart(state, key, time);
      return null;
    }
    let stale = false;
    for (const expiry of expiries) {
      if (!expiry) continue;
      // Expired by a tag (a publication, `expire: 0`): rendered before it is served.
      if (expiry.expired !== undefined && expiry.expired <= time && expiry.expired > entry.lastModified) {
        noteRenderStart(state, key, time);
        return null;
      }
      if (expiry.stale !== undefined && expiry.stale > entry.lastModified) stale = true;
    }
    if (stale || pastLifetime(entry, ctx, time)) noteRenderStart(state, key, time);
    return {
      // -1: Next.js renders again (in the background for fetches, before serving for pages).
      lastModified: stale ? -1 : entry.lastModified,
      value: entry.value,
      // Next.js 16.4 serves an entry with the lifetime stored with it, on any instance.
      ...(entry.cacheControl ? { cacheControl: entry.cacheControl } : {}),
    };
  }

  /**
   * @param {string} key
   * @param {any} data
   * @param {any} ctx
   */
  async set(key, data, ctx) {
    const state = await processState();
    const time = Date.now();
    /** @type {Entry} */
    const entry = {
      lastModified: takeRenderStart(state, key, time),
      value: data,
      ...(ctx?.cacheControl ? { cacheControl: { revalidate: ctx.cacheControl.revalidate, expire: ctx.cacheControl.expire } } : {}),
      tags: tagsOf(data, ctx),
    };
    try {
      await state.store.set(key, entry, keepFor(data, ctx));
    } catch (error) {
      logFailure(state, "store in the cache", error);
    }
  }

  /**
   * @param {string | string[]} tags
   * @param {Durations} [durations]
   */
  async revalidateTag(tags, durations) {
    const list = typeof tags === "string" ? [tags] : [...tags];
    if (!list.length) return;
    const state = await processState();
    const time = Date.now();
    // As Next.js's own handler: with durations, stale now and expired after `expire` seconds; without, expired now.
    /** @type {TagExpiry} */
    const expiry = durations ? { stale: time, ...(durations.expire !== undefined ? { expired: time + durations.expire * 1000 } : {}) } : { expired: time };
    try {
      await state.store.expireTags(list, expiry);
    } catch (error) {
      // Never fails the editor's request: the pages still end within their lifetime (an hour at most).
      state.log.error(`Cache: cannot record the expiry of ${list.join(", ")} (${error instanceof Error ? error.message : error})`);
    }
    for (const listener of state.listeners) listener();
    state.purge?.(list);
  }

  resetRequestCache() {}
}
