import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createResponseCache, HIT_HEADER, sharedMaxAge } from "./response-cache.mjs";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
type Origin = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A real HTTP server: the cache in front of `origin`, as server.mjs runs it in front of Next.js. */
async function serve(origin: Origin, options: Parameters<typeof createResponseCache>[0] = {}) {
  const cache = createResponseCache(options);
  let calls = 0;
  const server = http.createServer((req, res) => {
    if (cache.handle(req, res)) return;
    calls += 1;
    void origin(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const get = (path = "/page", headers: http.OutgoingHttpHeaders = {}, method = "GET") =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request({ host: "127.0.0.1", port, path, headers, method }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject)
        .end();
    });
  return { cache, get, calls: () => calls };
}

/** What Next.js sends for a page from its cache. */
const page =
  (html: string, headers: Record<string, string> = {}, status = 200): Origin =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader("Vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding");
    res.setHeader("x-nextjs-cache", "HIT");
    res.setHeader("Cache-Control", "s-maxage=3600");
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(html);
  };

describe("the response cache in front of Next.js", () => {
  it("answers a second request for a shared page with the same status, headers and bytes, without asking Next.js", async () => {
    const { get, calls } = await serve(page("<h1>Checked on November 27, 2026</h1>", { "X-Frame-Options": "DENY", "x-nextjs-cache": "MISS" }));
    const first = await get();
    const second = await get();
    expect(calls()).toBe(1);
    expect(second.status).toBe(200);
    expect(second.body.toString()).toBe("<h1>Checked on November 27, 2026</h1>");
    expect(second.headers[HIT_HEADER]).toBe("HIT");
    expect(first.headers[HIT_HEADER]).toBeUndefined();
    for (const name of ["cache-control", "content-type", "vary", "x-frame-options"]) expect(second.headers[name]).toBe(first.headers[name]);
    // Rendered for the first reader, not for the second.
    expect([first.headers["x-nextjs-cache"], second.headers["x-nextjs-cache"]]).toEqual(["MISS", "HIT"]);
    expect(second.headers["content-length"]).toBe(String(second.body.length));
    expect(second.headers.date).toBeDefined();
  });

  it("keeps a missing page (404) and a moved page (308) the same way", async () => {
    const missing = await serve(page("Page not found", {}, 404));
    await missing.get();
    expect((await missing.get()).status).toBe(404);
    expect(missing.calls()).toBe(1);

    const moved = await serve(page("", { Location: "/fact-checks/new" }, 308));
    await moved.get("/fact-checks/old");
    const again = await moved.get("/fact-checks/old");
    expect([again.status, again.headers.location, again.headers[HIT_HEADER]]).toEqual([308, "/fact-checks/new", "HIT"]);
  });

  it("keeps a response for at most its time to live, and never past its own s-maxage", async () => {
    let clock = 1_000_000;
    const { get, calls } = await serve(page("a"), { ttlMs: 1_000, now: () => clock });
    await get();
    clock += 999;
    await get();
    expect(calls()).toBe(1);
    clock += 1;
    await get();
    expect(calls()).toBe(2);

    const short = await serve(page("b", { "Cache-Control": "s-maxage=2, stale-while-revalidate=60" }), { ttlMs: 60_000, now: () => clock });
    await short.get();
    clock += 1_999;
    await short.get();
    expect(short.calls()).toBe(1);
    clock += 1;
    await short.get();
    expect(short.calls()).toBe(2);
  });

  it("once a copy's time is up, one request fetches a fresh one while the others still get the copy, for one more lifetime at most", async () => {
    let clock = 1_000_000;
    let version = 1;
    const waiting: (() => void)[] = [];
    const release = () => waiting.splice(0).forEach((resolve) => resolve());
    let slow = false;
    const { get, calls } = await serve(
      async (req, res) => {
        const html = `version ${version}`;
        if (slow) await new Promise<void>((resolve) => waiting.push(resolve));
        page(html)(req, res);
      },
      { ttlMs: 1_000, now: () => clock },
    );
    await get();
    version = 2;
    clock += 1_000;
    slow = true;
    const refresh = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Meanwhile: the old copy, without asking Next.js again.
    const meanwhile = await Promise.all([get(), get(), get()]);
    expect(meanwhile.map((a) => [a.body.toString(), a.headers[HIT_HEADER]])).toEqual(Array(3).fill(["version 1", "HIT"]));
    expect(calls()).toBe(2);
    release();
    expect((await refresh).body.toString()).toBe("version 2");
    slow = false;
    expect((await get()).body.toString()).toBe("version 2");
    expect(calls()).toBe(2);

    // A refresh still running a lifetime later: the copy is no longer given, the next request asks Next.js.
    version = 3;
    clock += 1_000;
    slow = true;
    const stuck = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    clock += 1_000;
    const next = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls()).toBe(4);
    release();
    await Promise.all([stuck, next]);
  });

  it("never gives a copy past its own s-maxage, and forgets a copy whose refresh brings nothing it may keep", async () => {
    let clock = 1_000_000;
    let cacheControl = "s-maxage=1";
    const waiting: (() => void)[] = [];
    const release = () => waiting.splice(0).forEach((resolve) => resolve());
    let slow = false;
    const { get, calls } = await serve(
      async (req, res) => {
        const headers = { "Cache-Control": cacheControl };
        if (slow) await new Promise<void>((resolve) => waiting.push(resolve));
        page("page", headers)(req, res);
      },
      { ttlMs: 1_000, now: () => clock },
    );
    // s-maxage of one second, the same as the lifetime: nothing is given once it is up.
    await get();
    clock += 1_000;
    slow = true;
    const refresh = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const other = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls()).toBe(3);
    release();
    await Promise.all([refresh, other]);

    // The page turned private (or Next.js served it stale): the refresh keeps nothing, and the old copy is gone.
    slow = false;
    cacheControl = "s-maxage=60";
    clock += 1_000;
    await get();
    clock += 1_000;
    cacheControl = "private, no-store";
    expect((await get()).headers[HIT_HEADER]).toBeUndefined();
    expect((await get()).headers[HIT_HEADER]).toBeUndefined();
    expect(calls()).toBe(6);
  });

  it("keeps nothing that a shared cache may not keep", async () => {
    const cases: [string, Origin][] = [
      ["a page rendered per request", page("x", { "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate" })],
      ["no Cache-Control", (_req, res) => void res.end("x")],
      ["max-age only (the browser's, not a shared cache's)", page("x", { "Cache-Control": "public, max-age=60" })],
      ["s-maxage with private", page("x", { "Cache-Control": "s-maxage=60, private" })],
      ["a cookie set", page("x", { "Set-Cookie": "session=secret" })],
      ["served stale while Next.js renders again", page("x", { "x-nextjs-cache": "STALE" })],
      ["an error", page("x", {}, 500)],
      ["Vary: *", page("x", { Vary: "*" })],
    ];
    for (const [name, origin] of cases) {
      const { get, calls } = await serve(origin);
      await get();
      const second = await get();
      expect(calls(), name).toBe(2);
      expect(second.headers[HIT_HEADER], name).toBeUndefined();
    }
  });

  it("answers only whole-document GETs: not HEAD, client navigations (RSC), server actions or a reader's hard reload", async () => {
    const { get, calls } = await serve(page("x"));
    await get();
    expect(calls()).toBe(1);
    for (const [headers, method] of [
      [{ rsc: "1" }, "GET"],
      [{ "next-action": "abc" }, "GET"],
      [{ "cache-control": "no-cache" }, "GET"],
      [{ pragma: "no-cache" }, "GET"],
      [{}, "HEAD"],
    ] as const) {
      const answer = await get("/page", headers, method);
      expect(answer.headers[HIT_HEADER], JSON.stringify(headers) + method).toBeUndefined();
    }
    expect(calls()).toBe(6);
    expect((await get()).headers[HIT_HEADER]).toBe("HIT");
  });

  it("keeps one copy per accepted encoding (Vary), each with its own bytes", async () => {
    const html = "<p>" + "Our verdict: not supported. ".repeat(200) + "</p>";
    // What Next.js does when the reader accepts gzip: compresses that response.
    const gzipOrigin = await serve((req, res) => {
      const gzip = String(req.headers["accept-encoding"] ?? "").includes("gzip");
      res.setHeader("Vary", "Accept-Encoding");
      res.setHeader("Cache-Control", "s-maxage=60");
      if (gzip) res.setHeader("Content-Encoding", "gzip");
      res.end(gzip ? zlib.gzipSync(html) : html);
    });
    await gzipOrigin.get("/page", { "accept-encoding": "gzip" });
    await gzipOrigin.get("/page");
    const zipped = await gzipOrigin.get("/page", { "accept-encoding": "gzip" });
    const plain = await gzipOrigin.get("/page");
    expect(gzipOrigin.calls()).toBe(2);
    expect([zipped.headers[HIT_HEADER], plain.headers[HIT_HEADER]]).toEqual(["HIT", "HIT"]);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(zipped.body).toString()).toBe(html);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(html);
  });

  it("keeps one copy per address, query included", async () => {
    const { get, calls } = await serve(page("x"));
    await get("/page?a=1");
    await get("/page?a=2");
    expect(calls()).toBe(2);
    expect((await get("/page?a=1")).headers[HIT_HEADER]).toBe("HIT");
  });

  it("keeps a response written in several parts, and headers given to writeHead", async () => {
    const { get, calls } = await serve((_req, res) => {
      res.writeHead(200, { "cache-control": "s-maxage=60", "content-type": "text/html" });
      res.write("<html>");
      res.write(Buffer.from("<body>é</body>"));
      setTimeout(() => res.end("</html>"), 5);
    });
    await get();
    const second = await get();
    expect(calls()).toBe(1);
    expect(second.body.toString()).toBe("<html><body>é</body></html>");
    expect(second.headers["content-type"]).toBe("text/html");
  });

  it("forgets everything when Next.js's cache expires something, and keeps no answer begun before the expiry", async () => {
    let release = () => {};
    let slow = false;
    const { cache, get, calls } = await serve(async (req, res) => {
      if (slow) await new Promise<void>((resolve) => (release = resolve));
      page("version 1")(req, res);
    });
    await get();
    cache.expireAll();
    await get();
    expect(calls()).toBe(2);

    // A render that read the old version, finished after an expiry.
    cache.expireAll();
    slow = true;
    const during = get();
    await new Promise((resolve) => setTimeout(resolve, 10));
    cache.expireAll();
    release();
    await during;
    slow = false;
    await get();
    expect(calls()).toBe(4);
    expect(cache.stats().entries).toBe(1);
  });

  it("stays within its memory bound, forgetting the oldest addresses first, and keeps no response larger than the per-entry limit", async () => {
    const body = "x".repeat(10_000);
    const { cache, get, calls } = await serve(page(body), { maxBytes: 35_000, maxEntryBytes: 20_000 });
    for (const path of ["/a", "/b", "/c", "/d"]) await get(path);
    expect(cache.stats().entries).toBe(3);
    expect(cache.stats().bytes).toBeLessThanOrEqual(35_000);
    await get("/d");
    expect(calls()).toBe(4);
    await get("/a");
    expect(calls()).toBe(5);

    const large = await serve(page("y".repeat(30_000)), { maxEntryBytes: 20_000 });
    await large.get();
    const again = await large.get();
    expect(large.calls()).toBe(2);
    expect(again.body.length).toBe(30_000);
  });
});

describe("sharedMaxAge", () => {
  it("reads s-maxage, and refuses private, no-store and no-cache", () => {
    expect(sharedMaxAge("s-maxage=3600")).toBe(3600);
    expect(sharedMaxAge("S-MAXAGE=60, stale-while-revalidate=300")).toBe(60);
    expect(sharedMaxAge("public, max-age=60")).toBe(0);
    expect(sharedMaxAge("s-maxage=0")).toBe(0);
    expect(sharedMaxAge("s-maxage=abc")).toBe(0);
    expect(sharedMaxAge("s-maxage=60, no-store")).toBe(0);
    expect(sharedMaxAge('private="set-cookie", s-maxage=60')).toBe(0);
    expect(sharedMaxAge(undefined)).toBe(0);
  });
});
