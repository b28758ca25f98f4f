import { describe, expect, it, vi } from "vitest";
import { expiryMessages } from "./cache-handler.mjs";

describe("expiryMessages", () => {
  it("sends a short expiry as one message with its origin, tags and durations", () => {
    const messages = expiryMessages("origin-a", ["public:lists", "public:check:1"], { expire: 0 });
    expect(messages.map((m) => JSON.parse(m))).toEqual([{ origin: "origin-a", tags: ["public:lists", "public:check:1"], durations: { expire: 0 } }]);
  });

  it("splits a long list of tags so that every message stays under PostgreSQL's NOTIFY limit, losing none", () => {
    const tags = Array.from({ length: 400 }, (_, i) => `public:check:${crypto.randomUUID()}-${i}`);
    const messages = expiryMessages("origin-b", tags, undefined);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(Buffer.byteLength(message)).toBeLessThan(8000);
    expect(messages.flatMap((m) => JSON.parse(m).tags)).toEqual(tags);
  });

  it("fills each message as far as the limit allows, counting tags that JSON escapes or UTF-8 widens", () => {
    const tags = Array.from({ length: 3_000 }, (_, i) => (i % 3 === 0 ? `public:slug:café-“${i}”` : i % 3 === 1 ? `public:slug:a"b\\${i}` : `public:check:${i}`));
    const messages = expiryMessages("origin-c", tags, { expire: 0 });
    const sent = messages.map((m) => JSON.parse(m) as { tags: string[] });
    expect(sent.flatMap((m) => m.tags)).toEqual(tags);
    let next = 0;
    sent.forEach((message, i) => {
      next += message.tags.length;
      expect(Buffer.byteLength(messages[i]!)).toBeLessThanOrEqual(7_000);
      // One more tag would have gone over.
      if (i < sent.length - 1) expect(Buffer.byteLength(JSON.stringify({ origin: "origin-c", tags: [...message.tags, tags[next]], durations: { expire: 0 } }))).toBeGreaterThan(7_000);
    });
  });
});

type Handler = {
  get(key: string, ctx: object): Promise<{ value: { html: string } } | null>;
  set(key: string, data: object, ctx: object): Promise<void>;
  revalidateTag(tags: string[], durations?: { expire?: number }): Promise<void>;
};

/** Next.js's own handler with this one's additions, in memory only, as `next start` runs it (no database: no expiry sync). */
async function handler(): Promise<Handler> {
  vi.stubEnv("DATABASE_URL", "");
  const { default: FactdeskCacheHandler } = await import("./cache-handler.mjs");
  const notFound = async () => {
    throw Object.assign(new Error("not found"), { code: "ENOENT" });
  };
  return new FactdeskCacheHandler({ fs: { readFile: notFound, stat: notFound }, flushToDisk: false, serverDistDir: "/nonexistent", revalidatedTags: [], maxMemoryCacheSize: 10 * 1024 * 1024 }) as Handler;
}

const readCtx = { kind: "APP_PAGE", isRoutePPREnabled: false, isFallback: false };
const page = (html: string, tag: string) => ({ kind: "APP_PAGE", html, rscData: Buffer.from(html), headers: { "x-next-cache-tags": `public,${tag}` }, status: 200 });
const storeFor = (seconds: number) => ({ cacheControl: { revalidate: seconds, expire: 3600 } });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fresh = () => ({ key: `/fact-checks/${crypto.randomUUID()}`, tag: `public:check:${crypto.randomUUID()}` });

describe("an entry whose render overlapped an expiry", () => {
  it("is not kept when its tags expired while it rendered: the next reader gets a new render", async () => {
    const cache = await handler();
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
    const cache = await handler();
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
    const cache = await handler();
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
    const cache = await handler();
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

describe("onExpiry", () => {
  it("tells listeners of each expiry once Next.js's cache counts it, and stops when unsubscribed", async () => {
    const { onExpiry } = await import("./cache-handler.mjs");
    const cache = await handler();
    const { key, tag } = fresh();
    expect(await cache.get(key, readCtx)).toBeNull();
    await cache.set(key, page("v1", tag), storeFor(3600));
    const seen: (string | null)[] = [];
    const stop = onExpiry(() => {
      // What a reader would get at that moment (read synchronously from the handler's memory).
      void cache.get(key, readCtx).then((data) => seen.push(data?.value.html ?? null));
    });
    await wait(5);
    await cache.revalidateTag([tag], { expire: 0 });
    await wait(5);
    expect(seen).toEqual([null]);
    stop();
    await cache.revalidateTag([tag], { expire: 0 });
    await wait(5);
    expect(seen).toEqual([null]);
  });
});
