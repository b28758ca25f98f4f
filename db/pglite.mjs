// @ts-check
/**
 * The embedded database's client (PGlite) on a data directory, opened the same
 * way by server.mjs and by the database client (db/index.ts).
 *
 * Opening is most of a start's time: PGlite's WebAssembly is compiled (on
 * other threads) and Postgres starts on the directory. server.mjs begins it
 * before it loads Next.js (`openPgliteEarly`), so that both go on at once;
 * the database client takes what it began (`takeEarlyPglite`) and migrates
 * it before anything reads it, as it does a client it opens itself.
 *
 * Plain JavaScript: server.mjs runs without compilation.
 */
import path from "node:path";

/**
 * Postgres's buffer pool in the embedded database: FACTDESK_PGLITE_SHARED_BUFFERS,
 * else 32MB (the data directory's own setting is Postgres's 128MB). PGlite
 * zeroes all of it in WebAssembly as it opens, a quarter of a start's time at
 * 128MB; what it does not hold is read from the operating system's file cache.
 * @param {Record<string, string | undefined>} [env]
 */
export function pgliteSharedBuffers(env = process.env) {
  const value = env.FACTDESK_PGLITE_SHARED_BUFFERS?.trim() || "32MB";
  if (!/^[1-9][0-9]*(kB|MB|GB)$/.test(value)) {
    throw new Error(`FACTDESK_PGLITE_SHARED_BUFFERS must be a size such as 32MB or 128MB, not "${value}"`);
  }
  return value;
}

/** Postgres's type number of `bytea`. */
const BYTEA = 17;

/**
 * How every PGlite client here reads and writes `bytea` (a check's live state:
 * lib/server/live-state.ts). PGlite's own conversion goes through the hex text
 * two characters at a time in JavaScript: 7 ms to read an 89 KB state, most of
 * the editor page's database time. Node's hex codec does it in a fraction of a
 * millisecond, giving the same bytes (a plain `Uint8Array`, as PGlite's does).
 * @type {{ parsers: Record<number, (value: string) => Uint8Array>, serializers: Record<number, (value: unknown) => string> }}
 */
export const PGLITE_TYPES = {
  parsers: {
    [BYTEA]: (text) => {
      if (!text.startsWith("\\x")) throw new Error("Expected bytea in hex format");
      return new Uint8Array(Buffer.from(text.slice(2), "hex"));
    },
  },
  serializers: {
    [BYTEA]: (value) => {
      if (!(value instanceof Uint8Array)) throw new Error("Invalid input for bytea type");
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
    },
  },
};

/**
 * Opens PGlite on `dir` (its `pgdata` directory).
 * @param {string} dir
 * @returns {Promise<import("@electric-sql/pglite").PGlite>}
 */
export async function createPgliteClient(dir) {
  const sharedBuffers = pgliteSharedBuffers();
  const { PGlite } = await import("@electric-sql/pglite");
  return PGlite.create(path.join(dir, "pgdata"), { ...PGLITE_TYPES, startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`] });
}

/**
 * Clients being opened ahead, by directory. On globalThis: server.mjs's copy
 * of this module and the one bundled into the app are two.
 * @returns {Map<string, Promise<import("@electric-sql/pglite").PGlite>>}
 */
function early() {
  const state = /** @type {{ __factdeskEarlyPglite?: Map<string, Promise<import("@electric-sql/pglite").PGlite>> }} */ (globalThis);
  return (state.__factdeskEarlyPglite ??= new Map());
}

/**
 * For a server about to start: begins opening the directory's database now.
 * Call it holding the directory's lock (db/lock.mjs, `reserveDataDirLock`).
 * A failure is not reported here but by the database client, when it takes it.
 * @param {string} dir
 */
export function openPgliteEarly(dir) {
  const key = path.resolve(dir);
  if (early().has(key)) return;
  const opening = createPgliteClient(key);
  opening.catch(() => {});
  early().set(key, opening);
}

/**
 * The client begun for `dir` by `openPgliteEarly`, once; else undefined.
 * @param {string} dir
 * @returns {Promise<import("@electric-sql/pglite").PGlite> | undefined}
 */
export function takeEarlyPglite(dir) {
  const key = path.resolve(dir);
  const opening = early().get(key);
  early().delete(key);
  return opening;
}
