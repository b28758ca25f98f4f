import "server-only";
/**
 * Where the HTML of archived copies (source_snapshots) is kept. The row is the
 * copy's record in every case (when, which address, size, main text); its HTML
 * is in one of three stores, chosen by FACTDESK_SNAPSHOT_STORE:
 *
 * - `database`: in the row itself (the `html` column). The default with
 *   PostgreSQL (DATABASE_URL): every instance reads it, nothing else to run.
 * - `files`: a file per copy under the data directory
 *   (FACTDESK_DATA_DIR/snapshots/<source id>/<copy id>.html). The default with
 *   the embedded database, which lives in that directory already; for any
 *   install on one machine.
 * - `s3`: an object per copy in an S3-compatible bucket (AWS S3, MinIO, R2, …),
 *   requests signed with AWS Signature Version 4 (aws4fetch), for newsrooms whose
 *   library outgrows the database.
 *
 * Each row names the store its HTML went to, so a copy stays readable (and is
 * deleted with its source) after the setting changes, as long as that store is
 * still reachable. Keys are made here, never from input, and checked again by
 * every store (`checkKey`), so no key can name a file outside the directory.
 */
import fs from "node:fs";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { dataDir } from "@/db";

export type SnapshotStoreKind = "database" | "files" | "s3";
type Env = Record<string, string | undefined>;
export const SNAPSHOT_STORE_KINDS: readonly SnapshotStoreKind[] = ["database", "files", "s3"];

/** A copy's HTML is not in its store (removed by hand, a bucket emptied, another data directory). */
export class SnapshotMissingError extends Error {
  constructor(
    readonly store: SnapshotStoreKind,
    readonly key: string,
  ) {
    super(`The archived copy's HTML (${key}) is missing from the ${storeLabel(store)}`);
    this.name = "SnapshotMissingError";
  }
}

/** By name, so that a copy of this module bundled elsewhere is recognised too. */
export function isSnapshotMissing(error: unknown): error is SnapshotMissingError {
  return error instanceof Error && error.name === "SnapshotMissingError";
}

export function isSnapshotStoreError(error: unknown): error is SnapshotStoreError {
  return error instanceof Error && error.name === "SnapshotStoreError";
}

/** The store could not be asked (not configured here, unreachable, refused the request). */
export class SnapshotStoreError extends Error {
  constructor(
    readonly store: SnapshotStoreKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SnapshotStoreError";
  }
}

export function storeLabel(kind: SnapshotStoreKind): string {
  return kind === "database" ? "database" : kind === "files" ? "data directory" : "S3 bucket";
}

/** A store that keeps each copy's HTML under a key (`files` and `s3`; `database` keeps it in the row). */
export interface ObjectStore {
  readonly kind: "files" | "s3";
  put(key: string, html: string): Promise<void>;
  /** Throws SnapshotMissingError when nothing is under `key`. */
  get(key: string): Promise<string>;
  /** Deletes what is under each key; a key with nothing under it is no error. */
  delete(keys: string[]): Promise<void>;
}

const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Refuses any key but `<segment>/<segment>.html` made of letters, digits, `-`
 * and `_`: no `..`, no absolute path, no backslash, no encoded character.
 */
export function checkKey(key: string): string {
  const parts = key.split("/");
  const ok = parts.length === 2 && KEY_SEGMENT.test(parts[0]!) && parts[1]!.endsWith(".html") && KEY_SEGMENT.test(parts[1]!.slice(0, -".html".length));
  if (!ok) throw new Error(`Not an archived copy's key: ${JSON.stringify(key.slice(0, 100))}`);
  return key;
}

/** The key of one copy: the source's folder, the copy's file. */
export function snapshotKey(sourceId: string, snapshotId: string): string {
  return checkKey(`${sourceId}/${snapshotId}.html`);
}

// ---------------------------------------------------------------------------
// The data directory

/** Files under `root` (FACTDESK_DATA_DIR/snapshots by default), written whole or not at all. */
export function fileStore(root: string = path.join(dataDir(), "snapshots")): ObjectStore {
  const pathOf = (key: string) => {
    const file = path.resolve(root, checkKey(key));
    // checkKey already allows nothing else; a second lock on the same door.
    if (path.relative(root, file).startsWith("..") || path.isAbsolute(path.relative(root, file))) throw new Error(`Not an archived copy's key: ${key}`);
    return file;
  };
  return {
    kind: "files",
    async put(key, html) {
      const file = pathOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written beside it, then renamed: a reader never sees half a file, a crash leaves none.
      const partial = `${file}.${process.pid}.${Date.now()}.partial`;
      try {
        await fs.promises.writeFile(partial, html, "utf8");
        await fs.promises.rename(partial, file);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw new SnapshotStoreError("files", `Could not write ${file}: ${(error as Error).message}`, { cause: error });
      }
    },
    async get(key) {
      const file = pathOf(key);
      try {
        return await fs.promises.readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new SnapshotMissingError("files", key);
        throw new SnapshotStoreError("files", `Could not read ${file}: ${(error as Error).message}`, { cause: error });
      }
    },
    async delete(keys) {
      const folders = new Set<string>();
      for (const key of keys) {
        const file = pathOf(key);
        await fs.promises.rm(file, { force: true });
        folders.add(path.dirname(file));
      }
      // A source's folder goes with its last copy (rmdir refuses a folder that still has files).
      for (const folder of folders) await fs.promises.rmdir(folder).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------------------
// S3-compatible object storage

export type S3Config = {
  /** `https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`, … (no bucket in it). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (MinIO and most self-hosted servers) rather than `bucket.endpoint/key` (AWS's default). */
  pathStyle: boolean;
  /** Put before every key, e.g. `factdesk/snapshots/`. */
  prefix: string;
  timeoutMs: number;
};

/** Reads the FACTDESK_S3_* settings; throws one message naming every one missing or wrong. */
export function s3ConfigFromEnv(env: Env = process.env): S3Config {
  const problems: string[] = [];
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? "";
  };
  const endpoint = need("FACTDESK_S3_ENDPOINT").replace(/\/+$/, "");
  const bucket = need("FACTDESK_S3_BUCKET");
  const accessKeyId = need("FACTDESK_S3_ACCESS_KEY_ID");
  const secretAccessKey = need("FACTDESK_S3_SECRET_ACCESS_KEY");
  if (endpoint) {
    let url: URL | null = null;
    try {
      url = new URL(endpoint);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) problems.push(`FACTDESK_S3_ENDPOINT must be an http(s) address such as https://s3.eu-west-1.amazonaws.com (got ${endpoint})`);
  }
  if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push(`FACTDESK_S3_BUCKET must be a bucket name: 3–63 lower-case letters, digits, dots and hyphens (got ${bucket})`);
  const pathStyleText = (env.FACTDESK_S3_PATH_STYLE ?? "").trim().toLowerCase();
  if (pathStyleText && !["true", "false"].includes(pathStyleText)) problems.push(`FACTDESK_S3_PATH_STYLE must be true or false (got ${env.FACTDESK_S3_PATH_STYLE})`);
  const prefix = (env.FACTDESK_S3_PREFIX ?? "").trim().replace(/^\/+/, "");
  if (prefix && !/^([A-Za-z0-9._-]+\/)+$/.test(prefix)) problems.push(`FACTDESK_S3_PREFIX must be folders ending in "/", such as factdesk/snapshots/ (got ${prefix})`);
  const timeoutMs = Number(env.FACTDESK_S3_TIMEOUT_MS || 15_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push(`FACTDESK_S3_TIMEOUT_MS must be a whole number of milliseconds, at least 100 (got ${env.FACTDESK_S3_TIMEOUT_MS})`);
  if (problems.length) throw new SnapshotStoreError("s3", `The S3 store for archived copies (FACTDESK_SNAPSHOT_STORE=s3) is not configured: ${problems.join("; ")}.`);
  return { endpoint, bucket, region: env.FACTDESK_S3_REGION?.trim() || "us-east-1", accessKeyId, secretAccessKey, pathStyle: pathStyleText === "true", prefix, timeoutMs };
}

/** The address of one object: path-style or virtual-hosted, each segment of the key escaped. */
export function s3ObjectUrl(config: Pick<S3Config, "endpoint" | "bucket" | "pathStyle" | "prefix">, key: string): string {
  const url = new URL(config.endpoint);
  const objectPath = `${config.prefix}${checkKey(key)}`.split("/").map(encodeURIComponent).join("/");
  const base = url.pathname.replace(/\/+$/, "");
  if (config.pathStyle) url.pathname = `${base}/${config.bucket}/${objectPath}`;
  else {
    url.hostname = `${config.bucket}.${url.hostname}`;
    url.pathname = `${base}/${objectPath}`;
  }
  return url.toString();
}

/** What an S3 error answer says (`<Code>NoSuchKey</Code>…`), for messages. */
async function s3Failure(response: Response): Promise<{ code: string | undefined; text: string }> {
  const body = await response.text().catch(() => "");
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(body)?.[1];
  return { code, text: `HTTP ${response.status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}` };
}

export function s3Store(config: S3Config): ObjectStore {
  // Retries only what S3 asks to be retried (5xx, 429), twice, quickly: a reader is waiting.
  const client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: "s3", region: config.region, retries: 2, initRetryMs: 100 });
  const call = async (method: string, key: string, init: { body?: string; headers?: Record<string, string> } = {}) => {
    const url = s3ObjectUrl(config, key);
    try {
      return await client.fetch(url, { method, ...init, signal: AbortSignal.timeout(config.timeoutMs) });
    } catch (error) {
      throw new SnapshotStoreError("s3", `The S3 store did not answer ${method} ${url}: ${(error as Error).message}`, { cause: error });
    }
  };
  return {
    kind: "s3",
    async put(key, html) {
      const response = await call("PUT", key, { body: html, headers: { "content-type": "text/html; charset=utf-8" } });
      if (!response.ok) throw new SnapshotStoreError("s3", `The S3 store refused to keep ${key}: ${(await s3Failure(response)).text}`);
      await response.arrayBuffer();
    },
    async get(key) {
      const response = await call("GET", key);
      if (!response.ok) {
        const failure = await s3Failure(response);
        // A missing object (NoSuchKey, or a bare 404); a missing bucket is the store's problem, not the copy's.
        if (response.status === 404 && (failure.code === undefined || failure.code === "NoSuchKey")) throw new SnapshotMissingError("s3", key);
        throw new SnapshotStoreError("s3", `The S3 store refused to give ${key}: ${failure.text}`);
      }
      return response.text();
    },
    async delete(keys) {
      // One DELETE per copy (a source has a handful), a few at a time.
      const queue = [...keys];
      const worker = async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
          const response = await call("DELETE", key);
          if (!response.ok && response.status !== 404) throw new SnapshotStoreError("s3", `The S3 store refused to delete ${key}: ${(await s3Failure(response)).text}`);
          await response.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, queue.length) }, worker));
    },
  };
}

// ---------------------------------------------------------------------------
// The store in use

// Kept by this module, not on globalThis: Next.js may bundle it more than once (a route, a server action),
// and a store made by one copy throws that copy's error classes.
const state: { __factdeskSnapshotStores?: Partial<Record<"files" | "s3", ObjectStore>>; __factdeskSnapshotKind?: SnapshotStoreKind } = {};

/** Where new copies go: FACTDESK_SNAPSHOT_STORE, else `files` with the embedded database and `database` with PostgreSQL. */
export function snapshotStoreKind(env: Env = process.env): SnapshotStoreKind {
  const chosen = env.FACTDESK_SNAPSHOT_STORE?.trim().toLowerCase();
  if (!chosen) return env.DATABASE_URL?.trim() ? "database" : "files";
  if (!(SNAPSHOT_STORE_KINDS as readonly string[]).includes(chosen)) {
    throw new SnapshotStoreError("database", `FACTDESK_SNAPSHOT_STORE must be database, files or s3 (got ${env.FACTDESK_SNAPSHOT_STORE}).`);
  }
  return chosen as SnapshotStoreKind;
}

/** The store that holds copies of `kind` (made from the environment once per process). */
export function objectStore(kind: "files" | "s3"): ObjectStore {
  state.__factdeskSnapshotStores ??= {};
  return (state.__factdeskSnapshotStores[kind] ??= kind === "files" ? fileStore() : s3Store(s3ConfigFromEnv()));
}

/** Replaces where new copies go and the stores used (tests); no arguments restores the environment's. */
export function useSnapshotStores({ kind, stores }: { kind?: SnapshotStoreKind; stores?: Partial<Record<"files" | "s3", ObjectStore>> } = {}): void {
  state.__factdeskSnapshotKind = kind;
  state.__factdeskSnapshotStores = stores ? { ...stores } : undefined;
}

/** Where new copies go: FACTDESK_SNAPSHOT_STORE, or its default. */
export function newCopiesStore(): SnapshotStoreKind {
  return state.__factdeskSnapshotKind ?? snapshotStoreKind();
}

/** Where a copy's HTML is, as its row records it. */
export type StoredHtml = { store: SnapshotStoreKind; html: string | null; objectKey: string | null };

/**
 * Keeps a new copy's HTML where new copies go: the columns for its row (`html`
 * in the database, else the key of what was just written).
 */
export async function storeSnapshotHtml({
  sourceId,
  snapshotId,
  html,
  kind = newCopiesStore(),
}: {
  sourceId: string;
  snapshotId: string;
  html: string;
  /** Where to keep it: where new copies go, unless said. */
  kind?: SnapshotStoreKind;
}): Promise<StoredHtml> {
  if (kind === "database") return { store: "database", html, objectKey: null };
  const key = snapshotKey(sourceId, snapshotId);
  await objectStore(kind).put(key, html);
  return { store: kind, html: null, objectKey: key };
}

/** A copy's HTML from the store its row names. */
export async function readSnapshotHtml(row: StoredHtml): Promise<string> {
  if (row.store === "database") {
    if (row.html === null) throw new SnapshotMissingError("database", "html");
    return row.html;
  }
  return objectStore(row.store).get(row.objectKey!);
}

/** Deletes the HTML of copies whose rows are gone (or going): each from the store its row named. */
export async function deleteSnapshotHtml(rows: Pick<StoredHtml, "store" | "objectKey">[]): Promise<void> {
  for (const kind of ["files", "s3"] as const) {
    const keys = rows.filter((row) => row.store === kind && row.objectKey).map((row) => row.objectKey!);
    if (keys.length) await objectStore(kind).delete(keys);
  }
}

/** What is wrong with the archive settings, said once at start (else only when the first copy is taken), or null. */
export function snapshotStoreProblem(env: Env = process.env): string | null {
  try {
    if (snapshotStoreKind(env) === "s3") s3ConfigFromEnv(env);
    return null;
  } catch (error) {
    return `${(error as Error).message} Archived copies of sources are not kept until this is fixed.`;
  }
}
