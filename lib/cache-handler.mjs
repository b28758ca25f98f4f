// @ts-check
/**
 * Next.js's cache handler for Factdesk (next.config.ts `cacheHandler`): Next's
 * own handler, unchanged (entries in this process's memory, since
 * `isrFlushToDisk` is off), plus expiry shared by every app instance.
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
  for (const tag of tags) {
    if (batch.length && Buffer.byteLength(encode([...batch, tag])) > MAX_PAYLOAD) {
      messages.push(encode(batch));
      batch = [];
    }
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
      log.error("Cache expiry: cannot listen for other instances' expiries; trying again", error);
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

/** @type {ExpireLocally} */
function expireHere(tags, durations) {
  // Next's own handler keeps tag expiries in one map per process, shared by every instance of the class.
  void FileSystemCache.prototype.revalidateTag.call(null, tags, durations);
}

const state = /** @type {{ __factdeskExpirySync?: ExpirySync | null }} */ (globalThis);

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
    return super.get(...args);
  }

  /**
   * @param {string | string[]} tags
   * @param {Durations} [durations]
   */
  async revalidateTag(tags, durations) {
    await super.revalidateTag(tags, durations);
    const list = typeof tags === "string" ? [tags] : tags;
    if (this.sync && list.length) await this.sync.send(list, durations);
  }
}
