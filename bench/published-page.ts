/**
 * Published fact-check pages, against the built app (`next start`) on a fresh
 * embedded database with the demo data, in one run on one machine:
 *
 *  1. throughput and p99 latency (autocannon, 50 connections) of a published
 *     fact-check page against a plain static page of the same app (/about);
 *     target: ratio ≥ 0.9 (the published page is served from the cache, not
 *     rendered per request). The two pages alternate in short runs and the
 *     ratio is the median of the per-pair ratios, so drift on a shared machine
 *     hits both alike. A third page is measured alongside as a control: the
 *     cached "not found" answer of the same dynamic route (/fact-checks/<unknown>),
 *     a page about the size of /about that goes through Next.js's per-request
 *     work for a dynamic segment, which no page of that route avoids; the
 *     home page, "/", also served from the cache; and a published check of a
 *     real fact-check's length (bench/long-check.ts: eight sections, 34
 *     citations), where the demo checks are a few lines each;
 *  2. JavaScript shipped (gzip) by the published page against a page with no
 *     client code of its own (/about); target: ratio ≤ 1.05. Scripts marked
 *     `nomodule` (legacy polyfills current browsers skip) are counted apart;
 *  3. Lighthouse on the published page and on the long check (local
 *     chromium): accessibility 100, SEO 100, performance ≥ 95.
 *
 *   npm run build && npm run bench:published
 *
 * Environment: FACTDESK_DIST_DIR (the build to serve, default .next),
 * BENCH_PORT (default 3191), BENCH_DURATION seconds per load run (default 4),
 * BENCH_CONNECTIONS (default 50), BENCH_ROUNDS alternating runs per page
 * (default 10), CHROME_PATH (default /usr/bin/chromium), BENCH_SKIP_LIGHTHOUSE=1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.FACTDESK_DIST_DIR || ".next";
const PORT = Number(process.env.BENCH_PORT || 3191);
const DURATION = Number(process.env.BENCH_DURATION || 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 10);
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const base = `http://127.0.0.1:${PORT}`;

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

async function startServer(): Promise<{ server: ChildProcess; dataDir: string; longCheck: string }> {
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) {
    throw new Error(`No build in ${distDir}: run \`npm run build\` (or set FACTDESK_DIST_DIR) first`);
  }
  // Another server on the port would answer in place of this build, and be measured instead.
  if (await answers(base)) throw new Error(`Something already answers on ${base}: stop it, or set BENCH_PORT`);
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
  const server = spawn(process.execPath, ["server.mjs", "--port", String(PORT), "--hostname", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Never leave the server behind, whatever ends this process.
  process.once("exit", () => server.kill("SIGTERM"));
  const exited = new Promise<never>((_, reject) => server.once("exit", (code) => reject(new Error(`The server exited (${code}) before answering`))));
  await Promise.race([waitFor(`${base}/api/health`), exited]);
  return { server, dataDir, longCheck };
}

/** The most recent demo check on the home page (not the long one). */
async function publishedDemoCheck(longCheck: string): Promise<string> {
  const html = await (await fetch(`${base}/`)).text();
  const path = [...html.matchAll(/href="(\/fact-checks\/[a-z0-9-]+)"/g)].map((m) => m[1]!).find((p) => p !== longCheck);
  if (!path) throw new Error("The home page lists no published check (demo data missing?)");
  return path;
}

type Load = { path: string; requestsPerSec: number; p99Ms: number; non2xx: number; errors: number };

async function load(pathname: string, duration = DURATION): Promise<Load> {
  const result = await autocannon({ url: `${base}${pathname}`, connections: CONNECTIONS, duration });
  return {
    path: pathname,
    requestsPerSec: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
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
  const { server, dataDir, longCheck } = await startServer();
  try {
    const published = await publishedDemoCheck(longCheck);
    const staticPage = "/about";
    const control = "/fact-checks/no-such-fact-check";
    const home = "/";
    const pages = [staticPage, published, longCheck, control, home];
    // Warm them all (the published page and the cached 404 render once, on their first visit) and the server's code paths.
    for (const p of pages) for (let i = 0; i < 20; i++) await (await fetch(`${base}${p}`)).text();
    for (const p of pages) await load(p, 3);

    // Short runs in alternating order (ABCD, DCBA, …): a drift on a shared machine falls on every page alike.
    const runs: (Load & { round: number })[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const p of round % 2 ? pages : [...pages].reverse()) runs.push({ round, ...(await load(p)) });
    }
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const ofPath = (p: string) => runs.filter((r) => r.path === p);
    /** Median over rounds of (page's req/s ÷ the static page's req/s in the same round). */
    const pairRatio = (p: string) => median(ofPath(p).map((r, i) => r.requestsPerSec / ofPath(staticPage)[i]!.requestsPerSec));
    const baselineRps = median(ofPath(staticPage).map((r) => r.requestsPerSec));
    const publishedRps = median(ofPath(published).map((r) => r.requestsPerSec));
    const controlRps = median(ofPath(control).map((r) => r.requestsPerSec));
    const homeRps = median(ofPath(home).map((r) => r.requestsPerSec));
    const longRps = median(ofPath(longCheck).map((r) => r.requestsPerSec));
    const staticP99 = median(ofPath(staticPage).map((r) => r.p99Ms));
    const publishedP99 = median(ofPath(published).map((r) => r.p99Ms));
    const throughputRatio = pairRatio(published);
    const controlRatio = pairRatio(control);
    const homeRatio = pairRatio(home);
    const longRatio = pairRatio(longCheck);
    const p99Ratio = publishedP99 / Math.max(1, staticP99);
    for (const p of [published, longCheck, home]) if (ofPath(p).some((r) => r.non2xx || r.errors)) throw new Error(`${p} answered errors under load`);

    const jsPublished = await jsWeight(published);
    const jsEmpty = await jsWeight(staticPage);
    const jsLong = await jsWeight(longCheck);
    const jsRatio = jsPublished.gzipBytes / jsEmpty.gzipBytes;

    console.log("\nThroughput (autocannon)");
    console.table(runs);
    console.log(
      `median req/s: static ${Math.round(baselineRps)}, published ${Math.round(publishedRps)}, long ${Math.round(longRps)}, control ${Math.round(controlRps)}, home ${Math.round(homeRps)}`,
    );
    console.log(`median p99: static ${Math.round(staticP99)} ms, published ${Math.round(publishedP99)} ms`);
    console.log(`published / static: ${fmt(throughputRatio)} req/s ratio, median of ${ROUNDS} pairs (target ≥ ${TARGETS.throughputRatio}); p99 ratio ${fmt(p99Ratio)}`);
    console.log(`control / static: ${fmt(controlRatio)} (the cached 404 of the same dynamic route: Next.js's floor for any page of it)`);
    console.log(`home / static: ${fmt(homeRatio)} (the home page, cached as the published pages are)`);
    console.log(`long / static: ${fmt(longRatio)} (a published check of a real fact-check's length, ${jsLong.htmlBytes} B)`);
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
          staticRps: Math.round(baselineRps),
          publishedRps: Math.round(publishedRps),
          controlRps: Math.round(controlRps),
          throughputRatio: Number(fmt(throughputRatio)),
          controlRatio: Number(fmt(controlRatio)),
          homeRps: Math.round(homeRps),
          homeRatio: Number(fmt(homeRatio)),
          longRps: Math.round(longRps),
          longRatio: Number(fmt(longRatio)),
          staticP99Ms: Math.round(staticP99),
          publishedP99Ms: Math.round(publishedP99),
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
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
