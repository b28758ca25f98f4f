/**
 * The cache handler (lib/cache-handler.mjs) as Next.js calls it, on both of its
 * stores: this process's memory (the embedded default) and Redis (REDIS_URL,
 * else the local server, under a key prefix of this file's own).
 */
import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import FactdeskCacheHandler, {
  createMemoryStore,
  createRedisStore,
  decodeEntry,
  encodeEntry,
  onExpiry,
  useCacheState,
  type CacheStore,
  type Entry,
} from "./cache-handler.mjs";

const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `factdesk-test:${crypto.randomUUID()}:cache:`;
const clients: Redis[] = [];

/** A store on a connection of its own, once connected (the store reads nothing before: it renders instead). */
async function redisStore(): Promise<CacheStore> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  clients.push(client);
  if (client.status !== "ready") await new Promise((resolve, reject) => client.once("ready", resolve).once("error", reject));
  return createRedisStore({ client, prefix });
}

beforeAll(async () => {
  const probe = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  clients.push(probe);
  expect(await probe.ping()).toBe("PONG");
});

afterAll(async () => {
  useCacheState(null);
  const [cleaner] = clients;
  if (cleaner) {
    const keys = await cleaner.keys(`${prefix}*`);
    if (keys.length) await cleaner.del(...keys);
  }
  for (const client of clients) client.disconnect();
});

type Page = { value: { html: string; rscData: Buffer; segmentData?: Map<string, Buffer> }; lastModified: number; cacheControl?: object } | null;
type Handler = {
  get(key: string, ctx: object): Promise<Page>;
  set(key: string, data: object | null, ctx: object): Promise<void>;
  revalidateTag(tags: string | string[], durations?: { expire?: number }): Promise<void>;
};

const handler = () => new FactdeskCacheHandler({}) as unknown as Handler;
const readCtx = { kind: "APP_PAGE", isRoutePPREnabled: false, isFallback: false };
const page = (html: string, tag: string) => ({
  kind: "APP_PAGE",
  html,
  rscData: Buffer.from(html),
  segmentData: new Map([["/_tree", Buffer.from(`tree of ${html}`)]]),
  headers: { "x-next-cache-tags": `_N_T_/layout,public,${tag}` },
  status: 200,
});
const storeFor = (seconds: number) => ({ cacheControl: { revalidate: seconds, expire: 3600 } });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fresh = () => ({ key: `/fact-checks/${crypto.randomUUID()}`, tag: `public:check:${crypto.randomUUID()}` });

describe.each([
  ["in memory", async (): Promise<CacheStore> => createMemoryStore()],
  ["on Redis", redisStore],
])("the cache handler %s", (_name, makeStore) => {
  let purged: string[][];
  beforeAll(async () => {
    purged = [];
    useCacheState({ store: await makeStore(), purge: (tags) => purged.push(tags) });
  });

  it("keeps a page with its lifetime, its bytes and its segments, and serves it until a tag of it expires", async () => {
    const cache = handler();
    const { key, tag } = fresh();
    expect(await cache.get(key, readCtx)).toBeNull();
    await cache.set(key, page("v1", tag), storeFor(600));
    const hit = await cache.get(key, readCtx);
    expect(hit?.value.html).toBe("v1");
    expect(Buffer.isBuffer(hit?.value.rscData) && hit.value.rscData.toString()).toBe("v1");
    expect(Buffer.isBuffer(hit?.value.segmentData?.get("/_tree")) && hit?.value.segmentData?.get("/_tree")?.toString()).toBe("tree of v1");
    // Any instance serves it with the lifetime it was stored with (Next.js 16.4 reads it).
    expect(hit?.cacheControl).toEqual({ revalidate: 600, expire: 3600 });
    await cache.revalidateTag(["public:check:another"], { expire: 0 });
    expect((await cache.get(key, readCtx))?.value.html).toBe("v1");
    await wait(2);
    await cache.revalidateTag(tag, { expire: 0 });
    expect(await cache.get(key, readCtx)).toBeNull();
    expect(purged).toContainEqual([tag]);
  });

  it("expires a data entry (unstable_cache) by the tags of the read, and marks it stale for a soft expiry", async () => {
    const cache = handler();
    const key = crypto.randomUUID();
    const tag = `public:lists:${crypto.randomUUID()}`;
    const ctx = { kind: "FETCH", tags: [tag], softTags: [], revalidate: 3600 };
    expect(await cache.get(key, ctx)).toBeNull();
    await cache.set(key, { kind: "FETCH", data: { headers: {}, body: "[1,2]", status: 200, url: "" }, revalidate: 3600, tags: [tag] }, { fetchCache: true, tags: [tag], revalidate: 3600 });
    expect((await cache.get(key, ctx))?.lastModified).toBeGreaterThan(0);
    await wait(2);
    // revalidateTag(tag, "max"): stale at once, served while it is computed again (-1 tells Next.js so).
    await cache.revalidateTag([tag], {});
    expect((await cache.get(key, ctx))?.lastModified).toBe(-1);
    await cache.revalidateTag([tag]);
    expect(await cache.get(key, ctx)).toBeNull();
  });

  describe("an entry whose render overlapped an expiry", () => {
    it("is not kept when its tags expired while it rendered: the next reader gets a new render", async () => {
      const cache = handler();
      const { key, tag } = fresh();
      expect(await cache.get(key, readCtx)).toBeNull(); // a miss: Next.js starts rendering (reads the old version)
      await wait(5);
      await cache.revalidateTag([tag], { expire: 0 }); // meanwhile an editor publishes
      await wait(5);
      await cache.set(key, page("old version", tag), storeFor(3600)); // the render ends
      expect(await cache.get(key, readCtx)).toBeNull(); // counted as expired: rendered again
      await wait(5);
      await cache.set(key, page("new version", tag), storeFor(3600));
      expect((await cache.get(key, readCtx))?.value.html).toBe("new version"); // and that render is kept
    });

    it("is kept when its tags expired before its render began, or not at all", async () => {
      const cache = handler();
      const { key, tag } = fresh();
      await cache.revalidateTag([tag], { expire: 0 });
      await wait(5);
      expect(await cache.get(key, readCtx)).toBeNull();
      await wait(5);
      await cache.set(key, page("rendered after the change", tag), storeFor(3600));
      expect((await cache.get(key, readCtx))?.value.html).toBe("rendered after the change");
      // Readers served from the cache start no render: a later expiry of another check's tag changes nothing.
      await cache.revalidateTag([fresh().tag], { expire: 0 });
      expect((await cache.get(key, readCtx))?.value.html).toBe("rendered after the change");
    });

    it("counts from the read that found the entry expired, not from reads served before it", async () => {
      const cache = handler();
      const { key, tag } = fresh();
      expect(await cache.get(key, readCtx)).toBeNull();
      await cache.set(key, page("v1", tag), storeFor(3600));
      expect((await cache.get(key, readCtx))?.value.html).toBe("v1"); // a hit: no render begins
      await wait(5);
      await cache.revalidateTag([tag], { expire: 0 });
      await wait(5);
      expect(await cache.get(key, readCtx)).toBeNull(); // the render of v2 begins after the expiry
      await wait(5);
      await cache.set(key, page("v2", tag), storeFor(3600));
      expect((await cache.get(key, readCtx))?.value.html).toBe("v2"); // one render, not two
    });

    it("past its lifetime, dates its next render from the read that found it stale", async () => {
      const cache = handler();
      const { key, tag } = fresh();
      expect(await cache.get(key, readCtx)).toBeNull();
      await cache.set(key, page("v1", tag), storeFor(1));
      await wait(1_100);
      expect((await cache.get(key, readCtx))?.value.html).toBe("v1"); // stale: served while Next.js renders again
      await wait(5);
      await cache.revalidateTag([tag], { expire: 0 });
      await wait(5);
      await cache.set(key, page("v1 again, read before the change", tag), storeFor(3600));
      expect(await cache.get(key, readCtx)).toBeNull();
    });
  });

  it("tells onExpiry's listeners of each expiry once it is recorded, and stops when unsubscribed", async () => {
    const cache = handler();
    const { key, tag } = fresh();
    expect(await cache.get(key, readCtx)).toBeNull();
    await cache.set(key, page("v1", tag), storeFor(3600));
    const seen: Promise<string | null>[] = [];
    const stop = onExpiry(() => {
      // What a reader would get at that moment.
      seen.push(cache.get(key, readCtx).then((data) => data?.value.html ?? null));
    });
    await wait(5);
    await cache.revalidateTag([tag], { expire: 0 });
    expect(await Promise.all(seen)).toEqual([null]);
    stop();
    await cache.revalidateTag([tag], { expire: 0 });
    expect(seen).toHaveLength(1);
  });
});

describe("the cache handler on Redis, shared by two instances", () => {
  it("serves on one instance the page another rendered, and an expiry made on either reaches both", async () => {
    const [a, b] = await Promise.all([redisStore(), redisStore()]);
    const { key, tag } = fresh();
    useCacheState({ store: a });
    const cache = handler();
    expect(await cache.get(key, readCtx)).toBeNull();
    await cache.set(key, page("rendered on A", tag), storeFor(300));

    useCacheState({ store: b });
    const onB = await cache.get(key, readCtx);
    expect([onB?.value.html, onB?.cacheControl]).toEqual(["rendered on A", { revalidate: 300, expire: 3600 }]);
    await wait(2);
    await cache.revalidateTag([tag], { expire: 0 }); // a publication on B
    // A's next render begins after it: one beginning in the expiry's millisecond counts as overlapping it (takeRenderStart).
    await wait(2);

    useCacheState({ store: a });
    expect(await cache.get(key, readCtx)).toBeNull(); // A renders it again, once
    await cache.set(key, page("v2", tag), storeFor(300));
    useCacheState({ store: b });
    expect((await cache.get(key, readCtx))?.value.html).toBe("v2");
  });
});

describe("a store that fails (Redis away)", () => {
  const broken: CacheStore = {
    get: () => Promise.reject(new Error("Connection is closed.")),
    set: () => Promise.reject(new Error("Connection is closed.")),
    tagExpiries: () => Promise.reject(new Error("Connection is closed.")),
    expireTags: () => Promise.reject(new Error("Connection is closed.")),
    close: () => Promise.resolve(),
  };

  it("renders every request instead (a miss), never fails one, says so in the log, and still purges and tells listeners", async () => {
    const lines: string[] = [];
    const purged: string[][] = [];
    useCacheState({ store: broken, purge: (tags) => purged.push(tags), log: { error: (line: string) => lines.push(line) } });
    let told = 0;
    const stop = onExpiry(() => (told += 1));
    const cache = handler();
    const { key, tag } = fresh();
    expect(await cache.get(key, readCtx)).toBeNull();
    await expect(cache.set(key, page("v1", tag), storeFor(60))).resolves.toBeUndefined();
    expect(await cache.get(key, readCtx)).toBeNull();
    await expect(cache.revalidateTag([tag], { expire: 0 })).resolves.toBeUndefined();
    stop();
    expect([told, purged]).toEqual([1, [[tag]]]);
    expect(lines[0]).toMatch(/^Cache: cannot read the cache \(Connection is closed\.\); pages are rendered for each request meanwhile$/);
    // One line per 10 s for reads and stores, however many fail; the lost expiry is always said.
    expect(lines.filter((line) => line.startsWith("Cache: cannot read") || line.startsWith("Cache: cannot store"))).toHaveLength(1);
    expect(lines).toContain(`Cache: cannot record the expiry of ${tag} (Connection is closed.)`);
  });
});

describe("the memory store", () => {
  it("drops the least recently used entries past its size, and entries past their time", async () => {
    let time = 1_000_000;
    const store = createMemoryStore({ maxBytes: 3 * 1024, now: () => time });
    const entry = (html: string): Entry => ({ lastModified: time, value: { kind: "APP_PAGE", html, rscData: Buffer.alloc(0), headers: {} }, tags: [] });
    await store.set("a", entry("a".repeat(1000)), 60);
    await store.set("b", entry("b".repeat(1000)), 60);
    await store.get("a"); // a is now the most recently used
    await store.set("c", entry("c".repeat(1000)), 60);
    expect([!!(await store.get("a")), !!(await store.get("b")), !!(await store.get("c"))]).toEqual([true, false, true]);
    expect(store.stats().bytes).toBeLessThanOrEqual(3 * 1024);
    time += 60_000;
    expect(await store.get("a")).toBeNull();
  });
});

describe("entries as Redis keeps them", () => {
  it("come back as Next.js stored them: Buffers, Maps of Buffers, strings and numbers", () => {
    const entry: Entry = {
      lastModified: 1234,
      value: { kind: "APP_PAGE", html: "<p>é “quoted”</p>", rscData: Buffer.from([0, 255, 1]), segmentData: new Map([["/a", Buffer.from("x")]]), headers: { "x-next-cache-tags": "public" }, status: 200 },
      cacheControl: { revalidate: 60, expire: 3600 },
      tags: ["public"],
    };
    const back = decodeEntry(encodeEntry(entry));
    expect(back).toEqual(entry);
    const value = back.value as { rscData: Buffer; segmentData: Map<string, Buffer> };
    expect(Buffer.isBuffer(value.rscData) && Buffer.isBuffer(value.segmentData.get("/a"))).toBe(true);
  });
});
