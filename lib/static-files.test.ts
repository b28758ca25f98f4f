import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptedEncodings, createStaticFiles, precompressStatic } from "./static-files.mjs";

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

let dir: string;
const servers: http.Server[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-static-"));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A script as a build writes one: long, repetitive, compressible. */
const script = (name: string) => Buffer.from(Array.from({ length: 400 }, (_, i) => `export function ${name}${i}(a) { return a + ${i}; }\n`).join(""));

function write(rel: string, body: Buffer | string) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), body);
}

/** A real HTTP server: the static files first, then "Next.js" (which answers 299 so that a test sees who answered). */
async function serve() {
  const staticFiles = createStaticFiles({ staticDir: dir, headers: { "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" } });
  let passed = 0;
  const server = http.createServer((req, res) => {
    if (staticFiles(req, res)) return;
    passed += 1;
    res.statusCode = 299;
    res.end("from next");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const request = (urlPath: string, headers: http.OutgoingHttpHeaders = {}, method = "GET") =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request({ host: "127.0.0.1", port, path: urlPath, headers, method }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on("error", reject)
        .end();
    });
  return { request, passed: () => passed };
}

describe("precompressStatic", () => {
  it("writes a Brotli and a gzip copy of each script and style, once, and again when the file changes", async () => {
    write("chunks/app.js", script("app"));
    write("chunks/app.css", Buffer.from(".a { color: red; }\n".repeat(200)));
    write("chunks/tiny.js", "export {};\n");
    write("media/font.woff2", Buffer.alloc(4096, 7));

    const first = await precompressStatic(dir);
    expect(first.written).toBe(4);
    for (const rel of ["chunks/app.js", "chunks/app.css"]) {
      const original = fs.readFileSync(path.join(dir, rel));
      expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, `${rel}.br`)))).toEqual(original);
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${rel}.gz`)))).toEqual(original);
      expect(fs.statSync(path.join(dir, `${rel}.br`)).size).toBeLessThan(original.length / 5);
    }
    // Too small to gain anything, or not text: left alone.
    expect(fs.existsSync(path.join(dir, "chunks/tiny.js.br"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "media/font.woff2.br"))).toBe(false);
    // No temporary file is left behind.
    expect(fs.readdirSync(path.join(dir, "chunks")).sort()).toEqual(["app.css", "app.css.br", "app.css.gz", "app.js", "app.js.br", "app.js.gz", "tiny.js"]);

    expect((await precompressStatic(dir)).written).toBe(0);

    write("chunks/app.js", script("changed"));
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(dir, "chunks/app.js"), later, later);
    expect((await precompressStatic(dir)).written).toBe(2);
    expect(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, "chunks/app.js.br"))).toString()).toContain("changed0");
  });

  it("does nothing where there is no build", async () => {
    expect(await precompressStatic(path.join(dir, "missing"))).toEqual({ files: 0, written: 0, bytes: 0, brotliBytes: 0 });
  });
});

describe("acceptedEncodings", () => {
  const names = (header: string | undefined) => acceptedEncodings(header).map((e) => e.name);
  it("prefers Brotli, honours q=0, and reads * as any encoding not named", () => {
    expect(names("gzip, deflate, br, zstd")).toEqual(["br", "gzip"]);
    expect(names("gzip")).toEqual(["gzip"]);
    expect(names("br;q=0, gzip;q=0.5")).toEqual(["gzip"]);
    expect(names("*")).toEqual(["br", "gzip"]);
    expect(names("*, br;q=0")).toEqual(["gzip"]);
    expect(names("identity")).toEqual([]);
    expect(names("")).toEqual([]);
    expect(names(undefined)).toEqual([]);
  });
});

describe("createStaticFiles", () => {
  it("sends the copy the browser accepts, with the headers of the build's files", async () => {
    const body = script("page");
    write("chunks/page.js", body);
    await precompressStatic(dir);
    const { request, passed } = await serve();

    const br = await request("/_next/static/chunks/page.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(br.body)).toEqual(body);
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.headers["content-type"]).toBe("application/javascript; charset=UTF-8");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers.vary).toBe("Accept-Encoding");
    expect(br.headers["x-content-type-options"]).toBe("nosniff");
    expect(br.headers["content-security-policy"]).toBe("default-src 'none'");
    expect(Date.parse(br.headers["last-modified"]!)).toBeGreaterThan(0);

    const gz = await request("/_next/static/chunks/page.js?dpl=1", { "accept-encoding": "br;q=0, gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body)).toEqual(body);

    const head = await request("/_next/static/chunks/page.js", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBe(br.body.length);

    const unchanged = await request("/_next/static/chunks/page.js", { "accept-encoding": "br", "if-modified-since": br.headers["last-modified"]! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body.length).toBe(0);
    expect(passed()).toBe(0);
  });

  it("leaves to Next.js what it has no copy for, ranges, other encodings, methods and odd paths", async () => {
    write("chunks/page.js", script("page"));
    write("chunks/secret.txt.bak", "not a build file");
    write("chunks/stale.js", script("stale"));
    await precompressStatic(dir);
    write("chunks/late.js", script("late")); // written after the copies: none of its own
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(dir, "chunks/stale.js"), later, later); // changed since its copies were made
    const { request, passed } = await serve();
    const fromNext = async (urlPath: string, headers: http.OutgoingHttpHeaders = { "accept-encoding": "br, gzip" }, method = "GET") => {
      const answer = await request(urlPath, headers, method);
      expect(answer.status, urlPath).toBe(299);
      expect(answer.headers["content-encoding"], urlPath).toBeUndefined();
    };
    await fromNext("/_next/static/chunks/page.js", { "accept-encoding": "identity" });
    await fromNext("/_next/static/chunks/page.js", {});
    await fromNext("/_next/static/chunks/page.js", { "accept-encoding": "br", range: "bytes=0-99" });
    await fromNext("/_next/static/chunks/page.js", { "accept-encoding": "br" }, "POST");
    await fromNext("/_next/static/chunks/late.js");
    await fromNext("/_next/static/chunks/stale.js");
    await fromNext("/_next/static/chunks/missing.js");
    await fromNext("/_next/static/chunks/page.js.br");
    await fromNext("/_next/static/chunks/secret.txt.bak");
    await fromNext("/_next/static/chunks/../chunks/page.js");
    await fromNext("/_next/static/chunks/%2e%2e/chunks/page.js");
    await fromNext("/_next/static/chunks/page%2Ejs");
    await fromNext("/static/chunks/page.js");
    await fromNext("/chunks/page.js");
    expect(passed()).toBe(14);
  });
});
