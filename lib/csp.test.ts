import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createContentSecurityPolicy, createNonce, devPolicy, hashPolicy, inlineScriptHashes, isSandboxed, nonceOf, noncePolicy, prerenderedPages, RESOURCE_POLICY } from "./csp.mjs";
import { ARCHIVE_POLICY, sandboxedArchive } from "./archive-html";
import { createResponseCache, HIT_HEADER } from "./response-cache.mjs";
import { cacheTagsOf } from "./shared-cache-headers.mjs";

const require = createRequire(import.meta.url);
// What Next.js itself uses: the nonce it reads from a request, and the compression it applies to responses.
const { getScriptNonceFromHeader } = require("next/dist/server/app-render/get-script-nonce-from-header") as { getScriptNonceFromHeader: (csp: string) => string | undefined };
const compression = require("next/dist/compiled/compression") as () => (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

const sha256 = (text: string) => `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;
const directives = (policy: string) => Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("inline script hashes", () => {
  it("hashes each inline script's exact text, as CSP does (SHA-256 of its UTF-8, base64)", () => {
    expect(inlineScriptHashes("<p>x</p><script>alert(1)</script>")).toEqual(["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]);
    expect(inlineScriptHashes("<script></script>")).toEqual(["'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"]);
    const payload = 'self.__next_f.push([1,"Checked on November 27, 2026 · “quoted” 🦅\\u003c/p\\u003e"])';
    expect(inlineScriptHashes(`<script nonce="abc">${payload}</script>`)).toEqual([sha256(payload)]);
    // The same from the bytes as sent, read without decoding them.
    expect(inlineScriptHashes(Buffer.from(`<p>Café</p><script nonce="abc">${payload}</script>`))).toEqual([sha256(payload)]);
  });

  it("counts every script a browser runs inline, once each, in order, and nothing else", () => {
    const html = [
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({})</script>',
      '<script type="application/ld+json">{"@type":"ClaimReview"}</script>',
      "<SCRIPT type='module'>import('/x.js')</SCRIPT >",
      '<script type="text/javascript">one()</script>',
      "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
      "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
      '<script type=application/json>{"data":true}</script>',
      '<script\nsrc="/b.js"></script>',
    ].join("\n");
    expect(inlineScriptHashes(html)).toEqual([
      sha256('(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({})'),
      sha256("import('/x.js')"),
      sha256("one()"),
      sha256("(self.__next_f=self.__next_f||[]).push([0])"),
    ]);
  });

  it("ends a script where the browser does, at the first </script", () => {
    expect(inlineScriptHashes('<script>var s = "</script><script>alert(1)</script>')).toEqual([sha256('var s = "'), sha256("alert(1)")]);
  });
});

describe("policies", () => {
  it("a page rendered for one request: its nonce, which Next.js reads back from the request header, and scripts those load", () => {
    const nonce = createNonce();
    const policy = noncePolicy(nonce);
    expect(getScriptNonceFromHeader(policy)).toBe(nonce);
    expect(directives(policy)["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
  });

  it("the page's own code reads the same nonce back (the editor's preloads carry it); a policy without one gives none", () => {
    for (let i = 0; i < 50; i++) {
      const policy = noncePolicy(createNonce());
      expect(nonceOf(policy)).toBe(getScriptNonceFromHeader(policy));
    }
    expect(nonceOf(hashPolicy([sha256("a()")]))).toBeNull();
    expect(nonceOf(null)).toBeNull();
    expect(nonceOf(undefined)).toBeNull();
  });

  it("nonces are 128 random bits, never repeated", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("a page the same for everyone: its hashes and this origin's files, no nonce", () => {
    const policy = hashPolicy([sha256("a()"), sha256("b()")]);
    expect(directives(policy)["script-src"]).toEqual(["'self'", sha256("a()"), sha256("b()")]);
    expect(getScriptNonceFromHeader(policy)).toBeUndefined();
  });

  it("every page: no inline code beyond its hashes or nonce, no eval, plugins, <base>, framing, or forms sent elsewhere", () => {
    for (const policy of [noncePolicy(createNonce()), hashPolicy([sha256("a()")])]) {
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
      expect(directives(policy)).toMatchObject({
        "default-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
      });
    }
    expect(directives(RESOURCE_POLICY)).toMatchObject({ "default-src": ["'none'"], "frame-ancestors": ["'none'"] });
  });

  it("only the development server's policy allows eval and inline code", () => {
    const dev = directives(devPolicy());
    expect(dev["script-src"]).toEqual(["'self'", "'unsafe-inline'", "'unsafe-eval'"]);
    expect(dev["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev).toMatchObject({ "object-src": ["'none'"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"], "form-action": ["'self'"] });
  });
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/**
 * A real HTTP server as server.mjs runs one: the response cache (optional), then
 * the policy, then Next.js's compression, then `handler` in Next.js's place.
 */
async function serve(handler: Handler, { cache = false, prerendered = [] as string[] } = {}) {
  const responseCache = cache ? createResponseCache() : null;
  const securePage = createContentSecurityPolicy({ isPrerendered: (pathname) => prerendered.includes(pathname) });
  const compress = compression();
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    if (responseCache?.handle(req, res)) return;
    securePage(req, res);
    compress(req, res, () => {});
    seen.push({ ...req.headers });
    void handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const get = (path = "/page", headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request({ host: "127.0.0.1", port, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject)
        .end();
    });
  return { get, seen };
}

const decoded = (answer: Answer) => (answer.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(answer.body) : answer.body).toString();

/** Next.js's HTML, long enough to be compressed, with its kinds of inline scripts. */
function html(marker: string) {
  return [
    '<!DOCTYPE html><html><head><script src="/_next/static/chunks/main.js" async=""></script></head><body>',
    `<main><h1>${marker}</h1>${"<p>Checked on November 27, 2026.</p>".repeat(100)}</main>`,
    '<script type="application/ld+json">{"@type":"ClaimReview"}</script>',
    '<script id="_R_">(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({})</script>',
    "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
    `<script>self.__next_f.push([1,"${marker}"])</script>`,
    "</body></html>",
  ].join("");
}

/** A page as Next.js sends it: headers, then the body in several writes. */
const page =
  (headers: Record<string, string>, body: (req: http.IncomingMessage) => string, { flush = false } = {}): Handler =>
  async (req, res) => {
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.setHeader("Vary", "Accept-Encoding");
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (flush) res.flushHeaders();
    const text = body(req);
    const third = Math.ceil(text.length / 3);
    res.write(text.slice(0, third));
    await new Promise((resolve) => setTimeout(resolve, 5));
    res.write(Buffer.from(text.slice(third, 2 * third)));
    res.end(text.slice(2 * third));
  };

const hashesOf = (answer: Answer) => directives(String(answer.headers["content-security-policy"]))["script-src"];

describe("the policy server.mjs gives each response", () => {
  it("a sandboxed document (an archived copy of a source's page) keeps its own policy: no nonce, no hashes", async () => {
    const archived = sandboxedArchive('<html><head><meta http-equiv="refresh" content="0;url=https://original.example/"><link rel="dns-prefetch" href="//original.example"><base href="https://original.example/"></head><body><p>Kept text</p><script>alert(1)</script></body></html>', {
      label: "Archived copy of December 5, 2026",
      url: "https://original.example/report",
      truncated: false,
    });
    const { get } = await serve(page({ "Cache-Control": "private, no-store", "Content-Security-Policy": ARCHIVE_POLICY }, () => archived));
    const answer = await get("/sources/s/archive/a");
    expect(answer.headers["content-security-policy"]).toBe(ARCHIVE_POLICY);
    const body = decoded(answer);
    expect(body).toContain("<strong>Archived copy of December 5, 2026</strong> of https://original.example/report");
    expect(body).not.toMatch(/http-equiv|dns-prefetch|<base/);
    // A sandbox that allows scripts is no reason to keep a page's own policy.
    expect(isSandboxed(ARCHIVE_POLICY)).toBe(true);
    expect(isSandboxed("sandbox allow-scripts; default-src 'none'")).toBe(false);
    expect(isSandboxed("default-src 'none'")).toBe(false);
    expect(isSandboxed(undefined)).toBe(false);
    expect(ARCHIVE_POLICY).toMatch(/^sandbox; default-src 'none'/);
  });

  it("a shared page: the hashes of the inline scripts of the body it sends, compressed or not", async () => {
    const { get } = await serve(page({ "Cache-Control": "s-maxage=3600", "x-nextjs-cache": "HIT" }, () => html("published")));
    for (const encoding of ["gzip", "identity"]) {
      const answer = await get("/page", { "accept-encoding": encoding });
      expect(answer.headers["content-encoding"]).toBe(encoding === "gzip" ? "gzip" : undefined);
      expect(decoded(answer)).toBe(html("published"));
      expect(hashesOf(answer)).toEqual(["'self'", ...inlineScriptHashes(html("published"))]);
      expect(hashesOf(answer)).toHaveLength(4);
      expect(answer.headers["content-security-policy"]).toBe(hashPolicy(inlineScriptHashes(html("published"))));
    }
  });

  it("a page Next.js serves from its cache with a private Cache-Control (its prerendered 404) is hashed too, and one it streams", async () => {
    const notFound = await serve(page({ "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate", "x-nextjs-cache": "HIT" }, () => html("not found")));
    expect(hashesOf(await notFound.get())).toEqual(["'self'", ...inlineScriptHashes(html("not found"))]);
    const streamed = await serve(page({ "Cache-Control": "s-maxage=60" }, () => html("home"), { flush: true }));
    const answer = await streamed.get("/", { "accept-encoding": "gzip" });
    expect(decoded(answer)).toBe(html("home"));
    expect(hashesOf(answer)).toEqual(["'self'", ...inlineScriptHashes(html("home"))]);
  });

  it("a page rendered for one request: the nonce Next.js was given for it, new every request, whatever the client sent", async () => {
    const nonceIn = (req: http.IncomingMessage) => getScriptNonceFromHeader(String(req.headers["content-security-policy"]));
    const { get, seen } = await serve(page({ "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate" }, (req) => html(`nonce ${nonceIn(req)}`), { flush: true }));
    const forged = noncePolicy("chosen-by-the-client");
    const first = await get("/desk", { "accept-encoding": "gzip", "content-security-policy": forged, "content-security-policy-report-only": forged });
    const second = await get("/desk");
    expect(first.headers["content-security-policy"]).toBe(seen[0]!["content-security-policy"]);
    expect(second.headers["content-security-policy"]).toBe(seen[1]!["content-security-policy"]);
    expect(seen[0]!["content-security-policy-report-only"]).toBeUndefined();
    const nonces = seen.map((headers) => getScriptNonceFromHeader(String(headers["content-security-policy"])));
    expect(nonces[0]).not.toBe("chosen-by-the-client");
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(decoded(first)).toBe(html(`nonce ${nonces[0]}`));
    expect(first.headers["content-security-policy"]).toBe(noncePolicy(nonces[0]!));
  });

  it("anything but a page: a policy that allows nothing", async () => {
    const { get } = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "s-maxage=60" });
      res.end('{"ok":true}');
    });
    const answer = await get("/api/health");
    expect([answer.headers["content-security-policy"], answer.body.toString()]).toEqual([RESOURCE_POLICY, '{"ok":true}']);
  });

  it("a prerendered page's request gets no nonce, so none is written into the page Next.js keeps; rendered per request after all, it is hashed", async () => {
    const cached = await serve(page({ "Cache-Control": "s-maxage=3600", "x-nextjs-cache": "MISS" }, () => html("home")), { prerendered: ["/"] });
    const forged = noncePolicy("chosen-by-the-client");
    const answer = await cached.get("/?ref=feed", { "content-security-policy": forged });
    expect(cached.seen[0]!["content-security-policy"]).toBeUndefined();
    expect(hashesOf(answer)).toEqual(["'self'", ...inlineScriptHashes(html("home"))]);

    const perRequest = await serve(page({ "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate" }, () => html("search")), { prerendered: ["/search"] });
    expect(hashesOf(await perRequest.get("/search?q=bus"))).toEqual(["'self'", ...inlineScriptHashes(html("search"))]);
  });

  it("with the response cache in front: the copy it keeps carries its policy, hashed once", async () => {
    let renders = 0;
    const { get } = await serve(
      page({ "Cache-Control": "s-maxage=3600", "x-nextjs-cache": "HIT" }, () => html(`copy ${++renders}`)),
      { cache: true },
    );
    const first = await get("/page", { "accept-encoding": "gzip" });
    const second = await get("/page", { "accept-encoding": "gzip" });
    expect([first.headers[HIT_HEADER], second.headers[HIT_HEADER], renders]).toEqual([undefined, "HIT", 1]);
    for (const answer of [first, second]) {
      expect(decoded(answer)).toBe(html("copy 1"));
      expect(hashesOf(answer)).toEqual(["'self'", ...inlineScriptHashes(html("copy 1"))]);
    }
  });
});

describe("the headers shared caches act on (lib/shared-cache-headers.mjs)", () => {
  const tagged = (marker: string, tags: string) => html(marker).replace("<main>", `<meta name="factdesk-cache-tags" content="${tags}"/><main>`);

  it("reads a page's tags from its meta elements, each once, and nothing else", () => {
    expect(cacheTagsOf('<meta name="factdesk-cache-tags" content="public public:slug:a-b public:check:1f2e"/>')).toEqual(["public", "public:slug:a-b", "public:check:1f2e"]);
    expect(cacheTagsOf("<meta content='public public:lists' name='factdesk-cache-tags'><meta name=\"factdesk-cache-tags\" content=\"public\">")).toEqual(["public", "public:lists"]);
    expect(cacheTagsOf('<meta name="description" content="public"><p>factdesk-cache-tags public</p>')).toEqual([]);
    // Anything but a tag's characters is left out (a header must not be split or injected).
    expect(cacheTagsOf('<meta name="factdesk-cache-tags" content="public bad,tag a&#10;b ok:1">')).toEqual(["public", "ok:1"]);
    expect(cacheTagsOf(Buffer.from('<meta name="factdesk-cache-tags" content="public:slug:café public">'))).toEqual(["public"]);
  });

  it("a shared page carries its tags as Cache-Tag and Surrogate-Key, compressed or not, and so does the copy the response cache keeps", async () => {
    const { get } = await serve(page({ "Cache-Control": "s-maxage=3600", "x-nextjs-cache": "HIT" }, () => tagged("published", "public public:slug:a public:check:1")), { cache: true });
    for (const encoding of ["gzip", "identity", "gzip"]) {
      const answer = await get("/page", { "accept-encoding": encoding });
      expect([answer.headers["cache-tag"], answer.headers["surrogate-key"], answer.headers["cdn-cache-control"]]).toEqual(["public,public:slug:a,public:check:1", "public public:slug:a public:check:1", undefined]);
    }
  });

  it("a shared response with no tags (a client navigation's payload, an untagged page) is kept by no CDN", async () => {
    const rsc = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/x-component", "Cache-Control": "s-maxage=3600" });
      res.end("0:[]");
    });
    const payload = await rsc.get("/page?_rsc=1", { rsc: "1" });
    expect([payload.headers["cdn-cache-control"], payload.headers["surrogate-control"], payload.headers["cache-tag"]]).toEqual(["no-store", "no-store", undefined]);
    const untagged = await serve(page({ "Cache-Control": "s-maxage=60" }, () => html("not found")));
    const answer = await untagged.get("/fact-checks/unknown");
    expect([answer.headers["cdn-cache-control"], answer.headers["cache-tag"]]).toEqual(["no-store", undefined]);
  });

  it("a page for one reader, or a private one, gets none of these headers", async () => {
    const { get } = await serve(page({ "Cache-Control": "private, no-cache, no-store, max-age=0, must-revalidate" }, () => tagged("desk", "public")));
    const answer = await get("/desk");
    expect([answer.headers["cache-tag"], answer.headers["surrogate-key"], answer.headers["cdn-cache-control"]]).toEqual([undefined, undefined, undefined]);
  });
});

describe("the pages Next.js prerenders, from the build's manifests", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  /** A build directory with manifests in the shape `next build` writes them (Next.js 16). */
  function build(manifests: Record<string, unknown>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-csp-"));
    dirs.push(dir);
    for (const [name, content] of Object.entries(manifests)) fs.writeFileSync(path.join(dir, name), JSON.stringify(content));
    return dir;
  }

  it("prerendered addresses, prerendered dynamic routes, and fixed rewrites to them; nothing else", () => {
    const isPrerendered = prerenderedPages(
      build({
        "prerender-manifest.json": {
          version: 4,
          routes: { "/about": { initialRevalidateSeconds: false, srcRoute: "/about", dataRoute: "/about.rsc" }, "/_not-found": { srcRoute: "/_not-found" } },
          dynamicRoutes: {
            "/fact-checks/[slug]": { routeRegex: "^/fact\\-checks/([^/]+?)(?:/)?$", fallback: null },
            "/fact-checks/[slug]/versions/[number]": { routeRegex: "^/fact\\-checks/([^/]+?)/versions/([^/]+?)(?:/)?$", fallback: null },
            "/home/[edition]": { routeRegex: "^/home/([^/]+?)(?:/)?$", fallback: null },
          },
          notFoundRoutes: [],
        },
        "routes-manifest.json": {
          rewrites: {
            beforeFiles: [
              { source: "/", destination: "/home/latest", regex: "^/(?:/)?$" },
              { source: "/go/:slug", destination: "/fact-checks/:slug", regex: "^/go(?:/([^/]+?))(?:/)?$" },
            ],
            afterFiles: [],
            fallback: [],
          },
        },
      }),
    );
    for (const pathname of ["/", "/about", "/fact-checks/bus-lanes", "/fact-checks/bus-lanes/versions/2", "/home/latest"]) expect(isPrerendered(pathname), pathname).toBe(true);
    for (const pathname of ["/login", "/desk", "/search", "/fact-checks/bus-lanes/reported", "/fact-checks/bus-lanes/report", "/go/bus-lanes", "/api/health"]) {
      expect(isPrerendered(pathname), pathname).toBe(false);
    }
  });

  it("without a build, none: every page gets a nonce", () => {
    const isPrerendered = prerenderedPages(build({}));
    expect(["/", "/about"].map(isPrerendered)).toEqual([false, false]);
  });
});
