/**
 * Where archived copies keep their HTML (lib/server/snapshots.ts): the data
 * directory (files written and read back, keys that could leave the directory
 * refused) and an S3-compatible bucket (test/s3-server.ts, which checks every
 * request's Signature Version 4 with the secret), each on its own and under the
 * link checker: the database keeps the copy's record and where its HTML is, the
 * copy reads the same from any store, a copy missing from its store is said so,
 * and deleting a source deletes its copies' files and objects.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sources, sourceSnapshots } from "@/db/schema";
import type { LinkCheckerConfig } from "@/lib/server/link-checker";
import { checkSourceNow, getSnapshot } from "@/lib/server/link-checks";
import {
  checkKey,
  fileStore,
  s3ConfigFromEnv,
  s3ObjectUrl,
  s3Store,
  snapshotStoreKind,
  snapshotStoreProblem,
  SnapshotMissingError,
  type ObjectStore,
  SnapshotStoreError,
  useSnapshotStores,
  type S3Config,
} from "@/lib/server/snapshots";
import { moveSnapshots } from "@/lib/server/snapshot-moves";
import { deleteSource } from "@/lib/server/sources";
import { parseSourceUrl } from "@/lib/url";
import { useTestDatabase } from "../db";
import { createEditor, createWriter, type TestUser } from "../factories";
import { htmlPage, startTestSite, type TestSite } from "../link-sites";
import { startTestS3, type TestS3 } from "../s3-server";

const db = useTestDatabase();

let writer: TestUser, editor: TestUser;
let site: TestSite;
let s3: TestS3;
let root: string;

const config: LinkCheckerConfig = {
  limits: { timeoutMs: 2_000, maxBytes: 200_000, maxRedirects: 5, userAgent: "Factdesk/1.0 (link checker; +http://desk.test)" },
  guard: { onlyLoopback: true },
  hostDelayMs: 0,
};

const s3Config = (overrides: Partial<S3Config> = {}): S3Config => ({
  endpoint: s3.endpoint,
  bucket: s3.bucket,
  region: s3.credentials.region,
  accessKeyId: s3.credentials.accessKeyId,
  secretAccessKey: s3.credentials.secretAccessKey,
  pathStyle: true,
  prefix: "",
  timeoutMs: 5_000,
  ...overrides,
});

beforeAll(async () => {
  [writer, editor] = await Promise.all([createWriter(), createEditor()]);
  site = await startTestSite();
  s3 = await startTestS3();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-snapshots-"));
});
afterAll(async () => {
  useSnapshotStores();
  await Promise.all([site.close(), s3.close()]);
  fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => useSnapshotStores());

let pages = 0;
/** A page of the test site that says `text`, and its address. */
function newPage(text: string) {
  pages += 1;
  site.set(`/page-${pages}`, { body: htmlPage(`<h1>${text}</h1>`) });
  const parsed = parseSourceUrl(`${site.origin}/page-${pages}`);
  if (!parsed.ok) throw new Error(parsed.message);
  return { url: parsed.url, normalizedUrl: parsed.normalized };
}

/** A source in the library whose page says `text`, not looked at yet. */
async function newSource(text: string) {
  const [source] = await db().insert(sources).values({ ...newPage(text), title: text }).returning();
  return source!;
}

/** A source whose page says `text`, looked at once by the link checker. */
async function checkedSource(text: string) {
  const source = await newSource(text);
  expect(await checkSourceNow({ actor: editor.actor, id: source!.id, config })).toMatchObject({ outcome: "ok" });
  const [copy] = await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, source.id));
  return { source, copy: copy! };
}

describe("keys", () => {
  it("are a source's folder and a copy's file, and nothing that could leave the store's directory", () => {
    expect(checkKey("3f1c-aa/9b2e_01.html")).toBe("3f1c-aa/9b2e_01.html");
    for (const key of ["../x.html", "a/../../x.html", "/etc/passwd", "a/b/c.html", "a\\..\\b.html", "%2e%2e/x.html", "a/.html", "a/b.txt", "a/..html", ".a/b.html", "a/b.html\u0000", "", "a"]) {
      expect(() => checkKey(key), key).toThrow(/Not an archived copy's key/);
    }
  });
});

describe("the data directory", () => {
  it("writes each copy as a file under its source's folder, reads it back, and deletes it with the folder", async () => {
    const store = fileStore(path.join(root, "direct"));
    const html = "<!doctype html><p>Arbeitslosenquote 4,1 % — “saisonbereinigt” 📈</p>";
    await store.put("src-1/copy-1.html", html);
    await store.put("src-1/copy-2.html", "<p>second</p>");
    expect(fs.readFileSync(path.join(root, "direct", "src-1", "copy-1.html"), "utf8")).toBe(html);
    expect(await store.get("src-1/copy-1.html")).toBe(html);
    // Written whole or not at all: no partial file is left beside it.
    expect(fs.readdirSync(path.join(root, "direct", "src-1")).sort()).toEqual(["copy-1.html", "copy-2.html"]);
    await expect(store.get("src-1/none.html")).rejects.toBeInstanceOf(SnapshotMissingError);
    await store.delete(["src-1/copy-1.html", "src-1/copy-2.html", "src-1/none.html"]);
    expect(fs.existsSync(path.join(root, "direct", "src-1"))).toBe(false);
  });

  it("refuses keys that lead out of it, and writes nothing outside", async () => {
    const store = fileStore(path.join(root, "guarded"));
    for (const key of ["../outside.html", "x/../../outside.html", `${path.join(root, "outside.html")}`, "x/..%2foutside.html"]) {
      await expect(store.put(key, "<p>escape</p>"), key).rejects.toThrow(/Not an archived copy's key/);
      await expect(store.get(key), key).rejects.toThrow(/Not an archived copy's key/);
      await expect(store.delete([key]), key).rejects.toThrow(/Not an archived copy's key/);
    }
    expect(fs.existsSync(path.join(root, "outside.html"))).toBe(false);
    expect(fs.readdirSync(root).filter((name) => name.endsWith(".html"))).toEqual([]);
  });

  it("keeps the link checker's copies: the row says where, the file has the HTML, reads and deletes follow", async () => {
    const dir = path.join(root, "checker");
    useSnapshotStores({ kind: "files", stores: { files: fileStore(dir) } });
    const { source, copy } = await checkedSource("Jobless rate 4.1%");
    expect(copy).toMatchObject({ store: "files", html: null, objectKey: `${source.id}/${copy.id}.html`, mainText: "Jobless rate 4.1%" });
    const file = path.join(dir, source.id, `${copy.id}.html`);
    expect(fs.readFileSync(file, "utf8")).toContain("<h1>Jobless rate 4.1%</h1>");
    expect(copy.bytes).toBe(fs.statSync(file).size);
    const read = await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id });
    expect(read.html).toBe(fs.readFileSync(file, "utf8"));

    // Gone from the directory: said so, not a crash or an empty page.
    fs.rmSync(file);
    expect(await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id })).toMatchObject({
      id: copy.id,
      html: null,
      unavailable: { reason: "missing", store: "files", key: `${source.id}/${copy.id}.html`, message: expect.stringContaining("is missing from the data directory") },
    });
  });

  it("loses a source's files when the source is deleted", async () => {
    const dir = path.join(root, "deleting");
    useSnapshotStores({ kind: "files", stores: { files: fileStore(dir) } });
    const { source } = await checkedSource("Bridge reopens in March");
    expect(fs.readdirSync(path.join(dir, source.id))).toHaveLength(1);
    await deleteSource({ actor: editor.actor, id: source.id });
    expect(fs.existsSync(path.join(dir, source.id))).toBe(false);
    expect(await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, source.id))).toEqual([]);
  });
});

describe("an S3-compatible bucket", () => {
  it("keeps, gives back and deletes objects with signed requests, path-style under a prefix", async () => {
    const store = s3Store(s3Config({ prefix: "newsroom/archive/" }));
    const html = "<p>Taux de chômage : 7,3 % — « corrigé » 📈</p>";
    await store.put("src-9/copy-1.html", html);
    expect(s3.objects.get("newsroom/archive/src-9/copy-1.html")).toMatchObject({ body: Buffer.from(html), contentType: "text/html; charset=utf-8" });
    expect(await store.get("src-9/copy-1.html")).toBe(html);
    await expect(store.get("src-9/none.html")).rejects.toBeInstanceOf(SnapshotMissingError);
    await store.delete(["src-9/copy-1.html", "src-9/none.html"]);
    expect(s3.objects.has("newsroom/archive/src-9/copy-1.html")).toBe(false);
    // Every one of them passed the signature check.
    expect(s3.requests.filter((r) => r.refused)).toEqual([]);
  });

  it("is refused with another secret or access key, and says why", async () => {
    const before = s3.requests.length;
    const wrongSecret = s3Store(s3Config({ secretAccessKey: `${s3.credentials.secretAccessKey}x` }));
    await expect(wrongSecret.put("src-9/copy-2.html", "<p>x</p>")).rejects.toThrow(/refused to keep src-9\/copy-2\.html: HTTP 403 SignatureDoesNotMatch/);
    const wrongKey = s3Store(s3Config({ accessKeyId: "AKIDSOMEONEELSE" }));
    await expect(wrongKey.get("src-9/copy-2.html")).rejects.toThrow(/HTTP 403 InvalidAccessKeyId/);
    const wrongRegion = s3Store(s3Config({ region: "us-west-2" }));
    await expect(wrongRegion.get("src-9/copy-2.html")).rejects.toBeInstanceOf(SnapshotStoreError);
    expect(s3.objects.has("src-9/copy-2.html")).toBe(false);
    expect(s3.requests.slice(before).map((r) => r.refused)).toEqual(["SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthorizationHeaderMalformed"]);
  });

  it("retries what the bucket asks to be retried, and reports a bucket that keeps failing or is not there", async () => {
    const store = s3Store(s3Config());
    s3.failNext(503, 1);
    await store.put("src-9/copy-3.html", "<p>after one retry</p>");
    expect(s3.objects.get("src-9/copy-3.html")?.body.toString()).toBe("<p>after one retry</p>");
    s3.failNext(500, 10);
    await expect(store.get("src-9/copy-3.html")).rejects.toThrow(/HTTP 500 InternalError/);
    s3.failNext(500, 0);
    await expect(s3Store(s3Config({ bucket: "no-such-bucket" })).get("src-9/copy-3.html")).rejects.toThrow(/HTTP 404 NoSuchBucket/);
    await expect(s3Store(s3Config({ endpoint: "http://127.0.0.1:9", timeoutMs: 1_000 })).get("src-9/copy-3.html")).rejects.toThrow(/did not answer GET/);
  });

  it("keeps the link checker's copies as objects, reads them the same, and deletes them with the source", async () => {
    useSnapshotStores({ kind: "s3", stores: { s3: s3Store(s3Config({ prefix: "copies/" })) } });
    const { source, copy } = await checkedSource("Ferry timetable for winter");
    const key = `${source.id}/${copy.id}.html`;
    expect(copy).toMatchObject({ store: "s3", html: null, objectKey: key });
    expect(s3.objects.get(`copies/${key}`)?.body.toString()).toContain("<h1>Ferry timetable for winter</h1>");
    const read = await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id });
    expect(read.html).toBe(s3.objects.get(`copies/${key}`)!.body.toString());

    // A copy taken before the setting changed is still read from where its row says.
    useSnapshotStores({ kind: "database", stores: { s3: s3Store(s3Config({ prefix: "copies/" })) } });
    expect((await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id })).html).toBe(read.html);

    // The bucket refusing: the copy is said to be out of reach, not missing.
    useSnapshotStores({ kind: "s3", stores: { s3: s3Store(s3Config({ prefix: "copies/", secretAccessKey: "not-the-secret" })) } });
    expect(await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id })).toMatchObject({
      html: null,
      unavailable: { reason: "unreachable", store: "s3", key, message: expect.stringMatching(/HTTP 403 SignatureDoesNotMatch/) },
    });
    s3.objects.delete(`copies/${key}`);
    useSnapshotStores({ kind: "s3", stores: { s3: s3Store(s3Config({ prefix: "copies/" })) } });
    expect(await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id })).toMatchObject({ html: null, unavailable: { reason: "missing", store: "s3", key } });
    s3.objects.set(`copies/${key}`, { body: Buffer.from(read.html!), contentType: "text/html" });

    await deleteSource({ actor: editor.actor, id: source.id });
    expect(s3.objects.has(`copies/${key}`)).toBe(false);
    expect(s3.requests.at(-1)).toEqual({ method: "DELETE", key: `copies/${key}`, refused: null });
  });

  it("when the bucket refuses a copy, the check is still kept and the source has no copy yet", async () => {
    useSnapshotStores({ kind: "s3", stores: { s3: s3Store(s3Config({ secretAccessKey: "not-the-secret" })) } });
    const { source, copy } = await checkedSource("Tide tables");
    expect(copy).toBeUndefined();
    const [row] = await db().select().from(sources).where(eq(sources.id, source.id));
    expect(row).toMatchObject({ latestSnapshotId: null, lastCheckedAt: expect.any(Date) });
  });
});

describe("taking a copy", () => {
  /** A store in memory whose writes wait until `release()`: a slow disk or bucket. */
  function slowStore() {
    const kept = new Map<string, string>();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const writeStarted = new Promise<void>((resolve) => (writing = resolve));
    const store: ObjectStore = {
      kind: "files",
      async put(key, html) {
        writing();
        await released;
        kept.set(key, html);
      },
      async get(key) {
        const html = kept.get(key);
        if (html === undefined) throw new SnapshotMissingError("files", key);
        return html;
      },
      async delete(keys) {
        for (const key of keys) kept.delete(key);
      },
    };
    return { store, kept, release, writeStarted };
  }
  const waited = (ms: number) => new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms));

  it("writes the HTML before the source is locked: a slow store holds up no one's change to the source", async () => {
    const slow = slowStore();
    useSnapshotStores({ kind: "files", stores: { files: slow.store } });
    const source = await newSource("Rail fares rise 5%");
    const checking = checkSourceNow({ actor: editor.actor, id: source.id, config });
    await slow.writeStarted;
    const renamed = db().update(sources).set({ title: "Rail fares rise 5% in January" }).where(eq(sources.id, source.id)).returning();
    expect(await Promise.race([renamed, waited(5_000)])).toMatchObject([{ title: "Rail fares rise 5% in January" }]);
    slow.release();
    expect(await checking).toMatchObject({ outcome: "ok" });
    const [copy] = await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, source.id));
    expect(copy).toMatchObject({ store: "files", objectKey: `${source.id}/${copy!.id}.html` });
    expect(slow.kept.get(copy!.objectKey!)).toContain("<h1>Rail fares rise 5%</h1>");
    const [row] = await db().select().from(sources).where(eq(sources.id, source.id));
    expect(row).toMatchObject({ title: "Rail fares rise 5% in January", latestSnapshotId: copy!.id });
  });

  it("removes the HTML written for a look whose source moved meanwhile: no copy of the old address, no file left", async () => {
    const slow = slowStore();
    useSnapshotStores({ kind: "files", stores: { files: slow.store } });
    const source = await newSource("Ferry timetable, winter");
    const checking = checkSourceNow({ actor: editor.actor, id: source.id, config });
    await slow.writeStarted;
    await db().update(sources).set(newPage("Ferry timetable, summer")).where(eq(sources.id, source.id));
    slow.release();
    expect(await checking).toMatchObject({ outcome: "ok" });
    expect(await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, source.id))).toEqual([]);
    expect([...slow.kept.keys()]).toEqual([]);
    const [row] = await db().select().from(sources).where(eq(sources.id, source.id));
    expect(row).toMatchObject({ latestSnapshotId: null, textHash: null });
  });

  it("asks a store that refuses once per look", async () => {
    useSnapshotStores({ kind: "s3", stores: { s3: s3Store(s3Config({ secretAccessKey: "not-the-secret" })) } });
    const before = s3.requests.length;
    await checkedSource("Harbour dues");
    expect(s3.requests.slice(before).map((request) => request.method)).toEqual(["PUT"]);
  });
});

describe("moving copies to another store", () => {
  it("carries a source's copies from the database to files, to a bucket and back, each readable the same at every step and nothing left behind", async () => {
    const dir = path.join(root, "moving");
    const files = fileStore(dir);
    const bucket = s3Store(s3Config({ prefix: "moved/" }));
    useSnapshotStores({ kind: "database", stores: { files, s3: bucket } });
    const { source, copy } = await checkedSource("Ferry fares frozen");
    const html = copy.html!;
    const read = async () => (await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: copy.id })).html;
    const row = async () => (await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.id, copy.id)))[0]!;
    const key = `${source.id}/${copy.id}.html`;

    expect(await moveSnapshots({ to: "files", sourceId: source.id })).toEqual({ moved: 1, missing: 0, failed: 0 });
    expect(await row()).toMatchObject({ store: "files", html: null, objectKey: key });
    expect(fs.readFileSync(path.join(dir, key), "utf8")).toBe(html);
    expect(await read()).toBe(html);

    expect(await moveSnapshots({ to: "s3", sourceId: source.id })).toEqual({ moved: 1, missing: 0, failed: 0 });
    expect(await row()).toMatchObject({ store: "s3", html: null, objectKey: key });
    expect(s3.objects.get(`moved/${key}`)?.body.toString("utf8")).toBe(html);
    expect(fs.existsSync(path.join(dir, source.id))).toBe(false);
    expect(await read()).toBe(html);

    // Nothing left to move: a second run changes nothing.
    expect(await moveSnapshots({ to: "s3", sourceId: source.id })).toEqual({ moved: 0, missing: 0, failed: 0 });

    expect(await moveSnapshots({ to: "database", sourceId: source.id })).toEqual({ moved: 1, missing: 0, failed: 0 });
    expect(await row()).toMatchObject({ store: "database", html, objectKey: null });
    expect(s3.objects.has(`moved/${key}`)).toBe(false);
    expect(await read()).toBe(html);
  });

  it("leaves a copy missing from its store as it was, and one a store refuses readable where it was", async () => {
    const dir = path.join(root, "moving-missing");
    useSnapshotStores({ kind: "files", stores: { files: fileStore(dir), s3: s3Store(s3Config({ secretAccessKey: "not-the-secret" })) } });
    const gone = await checkedSource("Bus lanes extended");
    fs.rmSync(path.join(dir, gone.source.id, `${gone.copy.id}.html`));
    expect(await moveSnapshots({ to: "database", sourceId: gone.source.id })).toEqual({ moved: 0, missing: 1, failed: 0 });
    expect((await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.id, gone.copy.id)))[0]).toMatchObject({ store: "files", html: null });

    const kept = await checkedSource("Tram line delayed");
    expect(await moveSnapshots({ to: "s3", sourceId: kept.source.id })).toEqual({ moved: 0, missing: 0, failed: 1 });
    expect((await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.id, kept.copy.id)))[0]).toMatchObject({ store: "files" });
    expect(fs.readFileSync(path.join(dir, kept.source.id, `${kept.copy.id}.html`), "utf8")).toContain("Tram line delayed");
  });
});

describe("configuration", () => {
  it("chooses the store from FACTDESK_SNAPSHOT_STORE, else by the database", () => {
    expect(snapshotStoreKind({})).toBe("files");
    expect(snapshotStoreKind({ DATABASE_URL: "postgres://db/factdesk" })).toBe("database");
    expect(snapshotStoreKind({ FACTDESK_SNAPSHOT_STORE: "S3", DATABASE_URL: "postgres://db/factdesk" })).toBe("s3");
    expect(() => snapshotStoreKind({ FACTDESK_SNAPSHOT_STORE: "ftp" })).toThrow(/must be database, files or s3 \(got ftp\)/);
    // Said at start (instrumentation.ts) rather than at the first copy.
    expect(snapshotStoreProblem({ FACTDESK_SNAPSHOT_STORE: "ftp" })).toMatch(/must be database, files or s3 \(got ftp\)\. Archived copies of sources are not kept/);
    expect(snapshotStoreProblem({ FACTDESK_SNAPSHOT_STORE: "s3" })).toMatch(/FACTDESK_S3_ENDPOINT is not set/);
    expect(snapshotStoreProblem({ FACTDESK_SNAPSHOT_STORE: "files" })).toBeNull();
  });

  it("reads the S3 settings, and names every one missing or wrong", () => {
    expect(
      s3ConfigFromEnv({
        FACTDESK_S3_ENDPOINT: "https://s3.eu-west-3.amazonaws.com/",
        FACTDESK_S3_BUCKET: "newsroom-archive",
        FACTDESK_S3_REGION: "eu-west-3",
        FACTDESK_S3_ACCESS_KEY_ID: "AKID",
        FACTDESK_S3_SECRET_ACCESS_KEY: "secret",
      }),
    ).toEqual({ endpoint: "https://s3.eu-west-3.amazonaws.com", bucket: "newsroom-archive", region: "eu-west-3", accessKeyId: "AKID", secretAccessKey: "secret", pathStyle: false, prefix: "", timeoutMs: 15_000 });
    expect(() => s3ConfigFromEnv({ FACTDESK_S3_ENDPOINT: "ftp://x", FACTDESK_S3_BUCKET: "Bad_Bucket", FACTDESK_S3_PATH_STYLE: "yes" })).toThrow(
      /FACTDESK_S3_ACCESS_KEY_ID is not set; FACTDESK_S3_SECRET_ACCESS_KEY is not set; FACTDESK_S3_ENDPOINT must be an http\(s\) address .*; FACTDESK_S3_BUCKET must be a bucket name.*; FACTDESK_S3_PATH_STYLE must be true or false/,
    );
  });

  it("addresses objects path-style or virtual-hosted", () => {
    const base = { endpoint: "https://s3.eu-west-3.amazonaws.com", bucket: "newsroom-archive", prefix: "factdesk/" };
    expect(s3ObjectUrl({ ...base, pathStyle: false }, "a1/b2.html")).toBe("https://newsroom-archive.s3.eu-west-3.amazonaws.com/factdesk/a1/b2.html");
    expect(s3ObjectUrl({ ...base, endpoint: "http://127.0.0.1:9000", pathStyle: true }, "a1/b2.html")).toBe("http://127.0.0.1:9000/newsroom-archive/factdesk/a1/b2.html");
    expect(() => s3ObjectUrl({ ...base, pathStyle: true }, "../b2.html")).toThrow(/Not an archived copy's key/);
  });
});
