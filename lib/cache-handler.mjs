// @ts-check
/**
 * Next.js's cache handler for Factdesk (next.config.ts `cacheHandler`): Next's
 * own handler (entries in this process's memory, since `isrFlushToDisk` is
 * off), plus expiry shared by every app instance, and entries dated by when
 * their render began (see `renderStarts` below).
 *
 * Published pages and public lists are cached per instance and expired by tag
 * when a version is published, a source changes, a setting changes…
 * (lib/server/public-cache.ts). Next.js expires a tag only in the process that
 * made the change, so with several instances the others would keep serving the
 * old page until its lifetime ends (up to an hour). With PostgreSQL
 * (DATABASE_URL), every expiry is also sent on a NOTIFY channel, and every
 * instance LISTENs and expires the same tags in its own cache. The embedded
 * database serves one process only, so it needs none of this.
 *
 * Loaded by Next.js at run time with Node's own `import()` (never bundled),
 * hence plain JavaScript.
 */
import crypto from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** @type {any} */
const FileSystemCache = require("next/dist/server/lib/incremental-cache/file-system-cache.js").default;
/** @type {{ areTagsStale: (tags: string[], timestamp: number) => boolean }} The tag expiries Next's handler keeps, one map per process. */
const tagsManifest = require("next/dist/server/lib/incremental-cache/tags-manifest.external.js");

export const CHANNEL = "factdesk_cache_expiry";
/** Every public page and list carries this tag (PUBLIC_TAGS.all in lib/server/public-cache.ts). */
export const EVERY_PUBLIC_TAG = "public";
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
const MAX_PAYLOAD = 7_000;

/**
 * @typedef {{ expire?: number }} Durations
 * @typedef {(tags: string[], durations?: Durations) => void} ExpireLocally
 * @typedef {{ ready: Promise<void>, listening: boolean, send: (tags: string[], durations?: Durations) => Promise<void>, close: () => Promise<void> }} ExpirySync
 */

/** The messages for one expiry: the tags split so that no payload is too long for NOTIFY. */
export function expiryMessages(/** @type {string} */ origin, /** @type {string[]} */ tags, /** @type {Durations | undefined} */ durations) {
  /** @type {string[]} */
  const messages = [];
  /** @type {string[]} */
  let batch = [];
  const encode = (/** @type {string[]} */ list) => JSON.stringify({ origin, tags: list, durations });
  // The message is its envelope plus each tag as JSON, with a comma between two: counted as it grows.
  const envelope = Buffer.byteLength(encode([]));
  let size = envelope;
  for (const tag of tags) {
    const bytes = Buffer.byteLength(JSON.stringify(tag));
    if (batch.length && size + 1 + bytes > MAX_PAYLOAD) {
      messages.push(encode(batch));
      batch = [];
      size = envelope;
    }
    size += (batch.length ? 1 : 0) + bytes;
    batch.push(tag);
  }
  if (batch.length) messages.push(encode(batch));
  return messages;
}

/**
 * Sends this instance's expiries to the others and applies theirs here.
 * Whenever it may have missed some (its connection was lost, or listening
 * failed and it tried again), it expires every public entry of this instance:
 * a few extra renders rather than a stale page.
 */
export function createExpirySync(
  /** @type {{ url: string, expireLocally: ExpireLocally, log?: Pick<Console, "error">, retryMs?: number }} */ { url, expireLocally, log = console, retryMs = 5_000 },
) {
  const origin = crypto.randomUUID();
  let listenedBefore = false;
  let missedSome = false;
  let closed = false;
  /** @type {NodeJS.Timeout | undefined} */
  let retry;
  /** @type {any} Sends. */
  let sql;
  /** @type {any} Listens (a new one for each attempt: a failed one keeps retrying on its own). */
  let listener;

  const onMessage = (/** @type {string} */ payload) => {
    try {
      const message = JSON.parse(payload);
      if (message.origin !== origin && Array.isArray(message.tags)) expireLocally(message.tags, message.durations ?? undefined);
    } catch (error) {
      log.error("Cache expiry: unreadable message", error);
    }
  };
  // Also called by the driver each time it listens again after a lost connection.
  const onListen = () => {
    if (listenedBefore || missedSome) expireLocally([EVERY_PUBLIC_TAG]);
    listenedBefore = true;
    missedSome = false;
  };
  async function listen(/** @type {(url: string, options: object) => any} */ postgres, /** @type {number} */ delayMs) {
    const client = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
    try {
      await client.listen(CHANNEL, onMessage, onListen);
      if (closed) await client.end({ timeout: 1 });
      else listener = client;
    } catch (error) {
      // Requests go on with this instance's own expiries (pages still end within their lifetime, an hour at most).
      // One line per attempt: while the database is out of reach this repeats (backing off to a minute).
      log.error(`Cache expiry: cannot listen for other instances' expiries (${error instanceof Error ? error.message : error}); trying again`);
      missedSome = true;
      await client.end({ timeout: 0 }).catch(() => {});
      if (closed) return;
      retry = setTimeout(() => void listen(postgres, Math.min(delayMs * 2, 60_000)), delayMs);
      retry.unref();
    }
  }

  /** @type {ExpirySync} */
  const sync = {
    listening: false,
    ready: (async () => {
      const { default: postgres } = await import("postgres");
      sql = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
      await listen(postgres, retryMs);
    })()
      .catch((error) => log.error("Cache expiry: cannot start", error))
      .finally(() => {
        // Never blocks requests past the first attempt.
        sync.listening = true;
      }),
    async send(tags, durations) {
      await sync.ready;
      if (!sql) return;
      for (const message of expiryMessages(origin, tags, durations)) {
        try {
          await sql.notify(CHANNEL, message);
        } catch (error) {
          log.error("Cache expiry: cannot tell the other instances", error);
        }
      }
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await sync.ready;
      await Promise.all([sql?.end({ timeout: 1 }), listener?.end({ timeout: 1 })]);
    },
  };
  return sync;
}

const state = /** @type {{ __factdeskExpirySync?: ExpirySync | null, __factdeskExpiryListeners?: Set<() => void> }} */ (globalThis);

/**
 * Calls `listener` after every expiry applied in this process, this
 * instance's own or another's: the response cache in front of Next.js
 * (lib/response-cache.mjs) empties itself then. Returns the unsubscribe.
 */
export function onExpiry(/** @type {() => void} */ listener) {
  const listeners = (state.__factdeskExpiryListeners ??= new Set());
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Told once the expiry is in Next's tag manifest: a request that began before it is then known to be old. */
function announceExpiry() {
  for (const listener of state.__factdeskExpiryListeners ?? []) listener();
}

/** @type {ExpireLocally} */
function expireHere(tags, durations) {
  // Next's own handler keeps tag expiries in one map per process, shared by every instance of the class
  // (it writes them before its first await).
  void FileSystemCache.prototype.revalidateTag.call(null, tags, durations);
  announceExpiry();
}

/*
 * Renders that overlap an expiry. Next.js dates an entry by when it was
 * stored, and counts a tag expiry against it only when the expiry is later. A
 * render that read the database before a change was committed, and finished
 * after the change expired its tags, would then be kept as fresh: the old
 * version, or a page without its retraction banner, served until its lifetime
 * ends (up to an hour). So each entry is dated by when its render may have
 * begun instead: the first read since the entry was last stored that found
 * nothing fresh to serve (a miss, an expired or a stale entry), which is what
 * makes Next.js render. An expiry during the render then counts, and the next
 * reader gets a new render.
 */
/** Key → when a render of it may have begun (Date.now(), as Next's tag expiries). */
const renderStarts = new Map();
/** A render older than this is not waited for (the entry then dates from this long ago). */
const LONGEST_RENDER_MS = 60_000;
/** Keys read and never stored (a burst of unknown addresses) are forgotten, oldest first, past this many. */
const MAX_PENDING = 10_000;
const TAGS_HEADER = "x-next-cache-tags";

/** Whether Next.js renders (or recomputes) after reading this from the cache: no entry, or one it must refresh. */
function needsRender(/** @type {any} */ data, /** @type {any} */ ctx, /** @type {number} */ now) {
  if (!data || !data.value || data.lastModified === -1) return true;
  const value = data.value;
  /** @type {string[]} */
  let tags = [];
  /** @type {unknown} */
  let revalidate;
  if (value.kind === "FETCH") {
    tags = [...(ctx?.tags ?? []), ...(ctx?.softTags ?? [])];
    revalidate = ctx?.revalidate || value.revalidate;
  } else {
    const header = value.headers?.[TAGS_HEADER];
    if (typeof header === "string") tags = header.split(",");
    revalidate = data.cacheControl?.revalidate;
  }
  if (typeof revalidate === "number" && data.lastModified + revalidate * 1000 < now) return true;
  return tags.length > 0 && tagsManifest.areTagsStale(tags, data.lastModified);
}

function noteRenderStart(/** @type {string} */ key, /** @type {number} */ now) {
  if (renderStarts.has(key)) return;
  renderStarts.set(key, now);
  if (renderStarts.size > MAX_PENDING) renderStarts.delete(renderStarts.keys().next().value);
}

/** Dates the entry just stored under `key` from the start of its render (see above). */
function dateFromRenderStart(/** @type {string} */ key) {
  const start = renderStarts.get(key);
  renderStarts.delete(key);
  const entry = FileSystemCache.memoryCache?.get(key);
  if (start === undefined || !entry) return;
  // One millisecond earlier: an expiry in the same millisecond as the read counts too.
  const from = Math.max(start, Date.now() - LONGEST_RENDER_MS) - 1;
  if (from < entry.lastModified) entry.lastModified = from;
}

/** One connection per process, opened by the first request; none while building, nor on the embedded database. */
function processSync() {
  if (state.__factdeskExpirySync === undefined) {
    const url = process.env.DATABASE_URL;
    state.__factdeskExpirySync =
      url && process.env.NEXT_PHASE !== "phase-production-build" ? createExpirySync({ url, expireLocally: expireHere }) : null;
  }
  return state.__factdeskExpirySync;
}

export default class FactdeskCacheHandler extends FileSystemCache {
  /** @param {any} context */
  constructor(context) {
    super(context);
    this.sync = processSync();
  }

  /** @param {any[]} args */
  async get(...args) {
    // Nothing is served from the cache before this instance hears the others' expiries.
    if (this.sync && !this.sync.listening) await this.sync.ready;
    const data = await super.get(...args);
    const [key, ctx] = args;
    if (typeof key === "string") {
      const now = Date.now();
      if (needsRender(data, ctx, now)) noteRenderStart(key, now);
    }
    return data;
  }

  /**
   * @param {string} key
   * @param {any} data
   * @param {any} ctx
   */
  async set(key, data, ctx) {
    await super.set(key, data, ctx);
    dateFromRenderStart(key);
  }

  /**
   * @param {string | string[]} tags
   * @param {Durations} [durations]
   */
  async revalidateTag(tags, durations) {
    await super.revalidateTag(tags, durations);
    announceExpiry();
    const list = typeof tags === "string" ? [tags] : tags;
    if (this.sync && list.length) await this.sync.send(list, durations);
  }
}
