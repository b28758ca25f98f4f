/**
 * Published fact-check pages, against the built app served as `npm start`
 * serves it (server.mjs) on a fresh embedded database with the demo data, in
 * one run on one machine:
 *
 *  1. throughput and p99 latency (wrk, one thread, 50 connections) of a
 *     published fact-check page against a plain static page of the same app
 *     (/about); target: ratio ≥ 0.9 (the published page is served from the
 *     cache, not rendered per request). The pages alternate in short runs and
 *     each ratio is the median of the per-round ratios, so drift on a shared
 *     machine hits all alike. wrk, not autocannon: autocannon's client decodes
 *     every response body into a JavaScript string, which costs it more per
 *     byte than the server spends, so past a few thousand requests a second it
 *     measures itself (bench/load.ts, bench/load-generators.ts; the same two
 *     pages under autocannon are measured too, for comparison). Measured
 *     alongside:
 *     - the server's CPU time per request (from /proc), which says what a page
 *       costs the server when the load generator, not the server, is the limit;
 *     - the same two pages as browsers ask for them (gzip);
 *     - the same two pages from a second server of the same build with the
 *       response cache off (Next.js alone, on a copy of the database);
 *     - the cached "not found" answer of the same dynamic route
 *       (/fact-checks/<unknown>), the home page "/", and a published check of
 *       a real fact-check's length (bench/long-check.ts: eight sections, 34
 *       citations), where the demo checks are a few lines each;
 *  2. JavaScript shipped (gzip) by the published page against a page with no
 *     client code of its own (/about); target: ratio ≤ 1.05. Scripts marked
 *     `nomodule` (legacy polyfills current browsers skip) are counted apart;
 *  3. Lighthouse on the published page and on the long check (local
 *     chromium): accessibility 100, SEO 100, performance ≥ 95.
 *
 *   npm run build && npm run bench:published
 *
 * Needs wrk (Debian: apt-get install -y wrk).
 *
 * Environment: FACTDESK_DIST_DIR (the build to serve, default .next),
 * BENCH_WRK (the wrk to run, default wrk on the PATH), BENCH_WRK_THREADS (default 1),
 * BENCH_PORT (default 3191; the second server takes the next port), BENCH_DURATION seconds per load run (default 4),
 * BENCH_CONNECTIONS (default 50), BENCH_ROUNDS alternating runs per page
 * (default 10), CHROME_PATH (default /usr/bin/chromium), BENCH_SKIP_LIGHTHOUSE=1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { loadServer, median, medianOrNull, requireWrk, WRK_THREADS, type Generator } from "./load";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.FACTDESK_DIST_DIR || ".next";
const PORT = Number(process.env.BENCH_PORT || 3191);
const DURATION = Number(process.env.BENCH_DURATION || 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 10);
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const base = `http://127.0.0.1:${PORT}`;
const baseNextAlone = `http://127.0.0.1:${PORT + 1}`;

const TARGETS = { throughputRatio: 0.9, jsRatio: 1.05, accessibility: 100, seo: 100, performance: 95 };

/** Runs a script to its end: its exit code and what it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

type Server = { child: ChildProcess; base: string; dataDir: string };

/** Serves the build on `port` from `dataDir`, through server.mjs as `npm start` does. */
async function serve(port: number, dataDir: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ["server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...env, FACTDESK_DATA_DIR: dataDir, FACTDESK_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Never leave the server behind, whatever ends this process.
  process.once("exit", () => child.kill("SIGTERM"));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`The server on ${port} exited (${code}) before answering`))));
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitFor(`${url}/api/health`), exited]);
  return { child, base: url, dataDir };
}

/**
 * Two servers of the same build on copies of one database: the app as it runs
 * (`npm start`, with its response cache), and Next.js alone (the response
 * cache off), for comparison.
 */
async function startServers(): Promise<{ app: Server; nextAlone: Server; longCheck: string }> {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`No build in ${distDir}: run \`npm run build\` (or set FACTDESK_DIST_DIR) first`);
  }
  // Another server on the port would answer in place of this build, and be measured instead.
  for (const url of [base, baseNextAlone]) if (await answers(url)) throw new Error(`Something already answers on ${url}: stop it, or set BENCH_PORT`);
  requireWrk();
  if (process.env.BENCH_SKIP_LIGHTHOUSE !== "1" && !fs.existsSync(CHROME_PATH)) {
    throw new Error(`No browser at ${CHROME_PATH} for Lighthouse: install chromium, set CHROME_PATH, or BENCH_SKIP_LIGHTHOUSE=1`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-bench-"));
  const env = {
    ...process.env,
    FACTDESK_DATA_DIR: dataDir,
    FACTDESK_DIST_DIR: distDir,
    DATABASE_URL: "",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    FACTDESK_PUBLIC_URL: base,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
  };
  const script = (file: string) => run(process.execPath, ["--import", "tsx", "--conditions=react-server", file], env);
  if ((await script("scripts/prepare-db.ts")).code !== 0) throw new Error("Preparing the database failed");
  const long = await script("bench/long-check.ts");
  const longCheck = long.stdout.trim().split("\n").at(-1) ?? "";
  if (long.code !== 0 || !longCheck.startsWith("/fact-checks/")) throw new Error("Publishing the long check failed");
  // The embedded database serves one process: the second server gets a copy.
  const copy = `${dataDir}-next-alone`;
  fs.cpSync(dataDir, copy, { recursive: true });
  const app = await serve(PORT, dataDir, env);
  const nextAlone = await serve(PORT + 1, copy, { ...env, FACTDESK_RESPONSE_CACHE_MS: "0" });
  return { app, nextAlone, longCheck };
}

/** The most recent demo check on the home page (not the long one). */
async function publishedDemoCheck(longCheck: string): Promise<string> {
  const html = await (await fetch(`${base}/`)).text();
  const path = [...html.matchAll(/href="(\/fact-checks\/[a-z0-9-]+)"/g)].map((m) => m[1]!).find((p) => p !== longCheck);
  if (!path) throw new Error("The home page lists no published check (demo data missing?)");
  return path;
}

/** One page under load: which server, which address, as which reader, measured by which load generator. */
type Target = { name: string; server: Server; path: string; headers?: Record<string, string>; generator?: Generator };
type Load = { name: string; path: string; requestsPerSec: number; p99Ms: number; serverCpuUsPerRequest: number | null; non2xx: number; errors: number; timeouts: number };

async function load(target: Target, duration = DURATION): Promise<Load> {
  const options = { connections: CONNECTIONS, duration, headers: target.headers };
  const m = await loadServer(target.generator ?? "wrk", `${target.server.base}${target.path}`, options, target.server.child.pid);
  return { name: target.name, path: target.path, requestsPerSec: m.requestsPerSec, p99Ms: m.p99Ms, serverCpuUsPerRequest: m.serverCpuUsPerRequest, non2xx: m.non2xx, errors: m.errors, timeouts: m.timeouts };
}

type JsWeight = {
  path: string;
  htmlBytes: number;
  scripts: number;
  gzipBytes: number;
  noModuleGzipBytes: number;
  inlineGzipBytes: number;
  cacheHeader: string | null;
};

const gzipSize = (body: Buffer) => zlib.gzipSync(body, { level: 9 }).length;

/**
 * Scripts a current browser downloads for a page (external files, gzip), the
 * legacy `nomodule` ones it skips, and the inline ones (mostly the RSC payload).
 */
async function jsWeight(pathname: string): Promise<JsWeight> {
  const response = await fetch(`${base}${pathname}`);
  const html = await response.text();
  const tags = [...new Map([...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)].map((m) => [m[2]!, `${m[1]} ${m[3]}`])).entries()];
  let gzipBytes = 0;
  let noModuleGzipBytes = 0;
  for (const [src, attributes] of tags) {
    const size = gzipSize(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer()));
    if (/\bnomodule\b/i.test(attributes)) noModuleGzipBytes += size;
    else gzipBytes += size;
  }
  const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
  return {
    path: pathname,
    htmlBytes: Buffer.byteLength(html),
    scripts: tags.length,
    gzipBytes,
    noModuleGzipBytes,
    inlineGzipBytes: gzipSize(Buffer.from(inline)),
    cacheHeader: response.headers.get("x-nextjs-cache"),
  };
}

async function lighthouseScores(pathname: string) {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    const result = await lighthouse(`${base}${pathname}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "seo", "best-practices"],
    });
    const categories = result!.lhr.categories;
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    const failed = Object.values(result!.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => a.id);
    return {
      performance: score("performance"),
      accessibility: score("accessibility"),
      seo: score("seo"),
      bestPractices: score("best-practices"),
      lcpMs: Math.round(result!.lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
      tbtMs: Math.round(result!.lhr.audits["total-blocking-time"]?.numericValue ?? 0),
      cls: result!.lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0,
      // Lighthouse's own measure of this machine's CPU at the time (its simulated throttling scales by it).
      benchmarkIndex: Math.round(result!.lhr.environment.benchmarkIndex),
      failedAudits: failed,
      // What the browser logged, when it logged errors (a failed audit otherwise says only "errors-in-console").
      consoleErrors: ((result!.lhr.audits["errors-in-console"]?.details as { items?: { description?: string; sourceLocation?: { url?: string } }[] } | undefined)?.items ?? []).map(
        (item) => `${item.description ?? ""} ${item.sourceLocation?.url ?? ""}`.trim(),
      ),
    };
  } finally {
    await chrome.kill();
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Lighthouse's scores against their targets, named for the page (none when Lighthouse did not run). */
function lighthouseChecks(scores: Awaited<ReturnType<typeof lighthouseScores>> | null, page: string): (readonly [string, boolean])[] {
  if (!scores) return [];
  return [
    [`accessibility${page}`, scores.accessibility >= TARGETS.accessibility],
    [`SEO${page}`, scores.seo >= TARGETS.seo],
    [`performance${page}`, scores.performance >= TARGETS.performance],
  ];
}

async function main() {
  console.log(`Published-page benchmark: ${CONNECTIONS} connections, ${DURATION}s per run, build ${distDir}, node ${process.version}, ${os.cpus().length} CPUs`);
  const { app, nextAlone, longCheck } = await startServers();
  try {
    const published = await publishedDemoCheck(longCheck);
    const staticPage = "/about";
    const gzip = { "accept-encoding": "gzip, deflate, br" };
    const targets: Target[] = [
      { name: "static", server: app, path: staticPage },
      { name: "published", server: app, path: published },
      { name: "long", server: app, path: longCheck },
      { name: "control", server: app, path: "/fact-checks/no-such-fact-check" },
      { name: "home", server: app, path: "/" },
      // As browsers ask: compressed.
      { name: "static gzip", server: app, path: staticPage, headers: gzip },
      { name: "published gzip", server: app, path: published, headers: gzip },
      // Next.js alone, without the response cache (the app before it had one).
      { name: "static, Next.js alone", server: nextAlone, path: staticPage },
      { name: "published, Next.js alone", server: nextAlone, path: published },
      // The same two pages under autocannon, whose client turns every body into a string and is the limit.
      { name: "static, autocannon", server: app, path: staticPage, generator: "autocannon" },
      { name: "published, autocannon", server: app, path: published, generator: "autocannon" },
    ];
    // Warm them all (the published page and the cached 404 render once, on their first visit) and the servers' code paths.
    for (const t of targets) for (let i = 0; i < 20; i++) await (await fetch(`${t.server.base}${t.path}`, { headers: t.headers })).text();
    for (const t of targets) await load(t, 2);

    // Short runs in alternating order (ABCD, DCBA, …): a drift on a shared machine falls on every page alike.
    const runs: (Load & { round: number })[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const t of round % 2 ? targets : [...targets].reverse()) runs.push({ round, ...(await load(t)) });
    }
    const of = (name: string) => runs.filter((r) => r.name === name);
    /** Median over rounds of (a's req/s ÷ b's req/s in the same round). */
    const pairRatio = (a: string, b = "static") => median(of(a).map((r, i) => r.requestsPerSec / of(b)[i]!.requestsPerSec));
    const rps = (name: string) => Math.round(median(of(name).map((r) => r.requestsPerSec)));
    const p99 = (name: string) => median(of(name).map((r) => r.p99Ms));
    const cpu = (name: string) => medianOrNull(of(name).map((r) => r.serverCpuUsPerRequest));
    const throughputRatio = pairRatio("published");
    const controlRatio = pairRatio("control");
    const homeRatio = pairRatio("home");
    const longRatio = pairRatio("long");
    const gzipRatio = pairRatio("published gzip", "static gzip");
    const nextAloneRatio = pairRatio("published, Next.js alone", "static, Next.js alone");
    const speedup = pairRatio("published", "published, Next.js alone");
    const overNextAloneStatic = pairRatio("published", "static, Next.js alone");
    const autocannonRatio = pairRatio("published, autocannon", "static, autocannon");
    const p99Ratio = p99("published") / Math.max(1, p99("static"));
    const cpuStatic = cpu("static");
    const cpuPublished = cpu("published");
    const cpuRatio = cpuStatic !== null && cpuPublished ? cpuStatic / cpuPublished : null;
    // A wrong answer or a failed connection ends the run; a timeout is slowness, counted in the medians' table.
    for (const t of targets) {
      const failed = of(t.name).filter((r) => r.errors || (r.non2xx && t.name !== "control"));
      if (failed.length) throw new Error(`${t.name} (${t.path}) answered errors under load: ${failed.map((r) => `round ${r.round}: ${r.non2xx} answers of 400 and above, ${r.errors} failed connections, reads or writes`).join("; ")}`);
    }

    console.log(`\nThroughput (wrk, ${WRK_THREADS} thread, unless the name says autocannon)`);
    console.table(runs);
    console.log("\nMedians");
    console.table(
      targets.map((t) => ({ page: t.name, path: t.path, "req/s": rps(t.name), "p99 ms": p99(t.name), "server CPU µs/request": cpu(t.name), timeouts: of(t.name).reduce((sum, r) => sum + r.timeouts, 0) })),
    );
    console.log(`published / static: ${fmt(throughputRatio)} req/s ratio, median of ${ROUNDS} pairs (target ≥ ${TARGETS.throughputRatio}); p99 ratio ${fmt(p99Ratio)}`);
    console.log(`  server CPU per request, static ÷ published: ${cpuRatio === null ? "—" : fmt(cpuRatio)} (${cpuStatic} µs against ${cpuPublished} µs)`);
    console.log(`  as browsers ask (gzip): ${fmt(gzipRatio)}`);
    console.log(`  measured with autocannon instead of wrk: ${fmt(autocannonRatio)} (autocannon decodes every body into a string and is the limit: ${rps("static, autocannon")} req/s for /about against wrk's ${rps("static")})`);
    console.log(`  Next.js alone (no response cache): ${fmt(nextAloneRatio)}; the response cache serves the published page ${fmt(speedup, 1)}× as fast, and ${fmt(overNextAloneStatic, 1)}× Next.js's /about`);
    console.log(`control / static: ${fmt(controlRatio)} (the cached 404 of the same dynamic route)`);
    console.log(`home / static: ${fmt(homeRatio)} (the home page, cached as the published pages are)`);
    console.log(`long / static: ${fmt(longRatio)} (a published check of a real fact-check's length)`);

    const jsPublished = await jsWeight(published);
    const jsEmpty = await jsWeight(staticPage);
    const jsLong = await jsWeight(longCheck);
    const jsRatio = jsPublished.gzipBytes / jsEmpty.gzipBytes;

    console.log(`published page cache: x-nextjs-cache ${jsPublished.cacheHeader ?? "—"}`);

    console.log("\nJavaScript (gzip, level 9)");
    console.table([jsEmpty, jsPublished, jsLong]);
    console.log(`published / empty: ${fmt(jsRatio, 3)} (target ≤ ${TARGETS.jsRatio})`);

    type Scores = Awaited<ReturnType<typeof lighthouseScores>>;
    let lh: Scores | null = null;
    let lhLong: Scores | null = null;
    if (process.env.BENCH_SKIP_LIGHTHOUSE !== "1") {
      lh = await lighthouseScores(published);
      lhLong = await lighthouseScores(longCheck);
      console.log("\nLighthouse (mobile defaults, simulated throttling): the published demo check, then the long check");
      console.table([lh, lhLong].map((r: Scores) => ({ ...r, failedAudits: r.failedAudits.join(", ") || "none", consoleErrors: r.consoleErrors.length })));
      for (const error of [...lh.consoleErrors, ...lhLong.consoleErrors]) console.log(`  console error: ${error}`);
    }

    const checks = [
      ["throughput ratio", throughputRatio >= TARGETS.throughputRatio],
      ["JS ratio", jsRatio <= TARGETS.jsRatio],
      ...lighthouseChecks(lh, ""),
      ...lighthouseChecks(lhLong, " (long check)"),
    ] as const;
    console.log("\nTargets");
    for (const [name, ok] of checks) console.log(`  ${ok ? "met " : "MISS"}  ${name}`);
    console.log(
      "\nJSON " +
        JSON.stringify({
          rps: Object.fromEntries(targets.map((t) => [t.name, rps(t.name)])),
          serverCpuUsPerRequest: Object.fromEntries(targets.map((t) => [t.name, cpu(t.name)])),
          throughputRatio: Number(fmt(throughputRatio)),
          cpuRatio: cpuRatio === null ? null : Number(fmt(cpuRatio)),
          gzipRatio: Number(fmt(gzipRatio)),
          autocannonRatio: Number(fmt(autocannonRatio)),
          nextAloneRatio: Number(fmt(nextAloneRatio)),
          speedup: Number(fmt(speedup, 1)),
          overNextAloneStatic: Number(fmt(overNextAloneStatic, 1)),
          controlRatio: Number(fmt(controlRatio)),
          homeRatio: Number(fmt(homeRatio)),
          longRatio: Number(fmt(longRatio)),
          staticP99Ms: p99("static"),
          publishedP99Ms: p99("published"),
          jsEmptyGzip: jsEmpty.gzipBytes,
          jsPublishedGzip: jsPublished.gzipBytes,
          jsRatio: Number(fmt(jsRatio, 3)),
          htmlBytes: { static: jsEmpty.htmlBytes, published: jsPublished.htmlBytes, long: jsLong.htmlBytes },
          lighthouse: lh,
          lighthouseLong: lhLong,
        }),
    );
    if (process.argv.includes("--check") && checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    for (const server of [app, nextAlone]) {
      server.child.kill("SIGTERM");
      await new Promise((r) => server.child.once("exit", r));
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
