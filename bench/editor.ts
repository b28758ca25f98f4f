/**
 * Opening the editor, in Chromium, against the built app served as `npm start`
 * serves it, on an embedded database with the demo data and
 * bench/newsroom-fixtures.ts's checks: a small one (one paragraph) and a large
 * one (40 sections, 200 citations). Each open is a fresh browser profile (no
 * copy of the check in IndexedDB), signed in as the demo writer. Checks and
 * builds alternate (small then large, then large then small, …), so a drift on
 * a shared machine falls on every page alike.
 *
 * For each open:
 * - shown: from navigation start to the frame where the check's text is on
 *   the page (the summary field, drawn by the server or by the editor);
 * - open to editable: from navigation start to the frame where every field of
 *   the check in view is editable (and, apart, to where Section 1's body is):
 *   the fields out of view get their editors as they come near it, or at
 *   once when focused;
 * - a far field, focused to editable: the check's last section's body
 *   focused as a link or Tab would (out of view in the large check, a
 *   stand-in until then), to the frame where it is editable and has the focus;
 * - long tasks (over 50 ms) until a second after that: count, longest (and
 *   longest of those begun after the first paint: the one before it is the
 *   browser laying out its first frame, in a renderer just started), and the
 *   total blocking time (the sum of each one's time over 50 ms);
 * - key pressed to frame: in Section 1's body, the frame after each of 30
 *   keys (p50/p95), in the first BENCH_TYPING_ROUNDS rounds;
 * - the page's HTML, as sent and as gzip (level 9) would send it;
 * - JavaScript (gzip, level 9) loaded by then, and of it the scripts the
 *   page's HTML names (what it needs to show and hydrate; the editing
 *   engine, which it names only as preloads, runs afterwards), what opening
 *   the Cite picker and the keyboard shortcuts loads on top, against a public
 *   page's (/about);
 * - open to editable again: the same check opened once more in the same
 *   browser (its scripts, their compiled code and the check's copy in
 *   IndexedDB kept), as a writer opens it day to day;
 * - open to editable as a session's first page: the check opened by a writer
 *   signed in a moment before (through the sign-in endpoint), no page of that
 *   session drawn yet, and whether that page's head named the engine's files;
 * - once a round, a public page's first paint (/about, a fresh profile too):
 *   the floor of any page here, which the editor's times are divided by;
 * then Lighthouse (mobile defaults, signed in) on both checks.
 *
 * BENCH_LATENCY_MS adds that many milliseconds to every response the browser
 * receives in the rounds (Chromium's network emulation; the public page's
 * too), as a network farther than loopback would: what the page's requests
 * one after another cost, which loopback hides.
 *
 *   npx next build && node --import tsx bench/editor.ts
 *
 * Environment: BENCH_BUILDS (bench/newsroom-server.ts), BENCH_ROUNDS (6),
 * BENCH_TYPING_ROUNDS (3), BENCH_PORT (3510, one port per build from there),
 * BENCH_SKIP_LIGHTHOUSE=1, BENCH_LIGHTHOUSE_RUNS (1), BENCH_LATENCY_MS (0).
 * Loopback only.
 */
import path from "node:path";
import zlib from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { readEngineChunks } from "../lib/engine-chunks.mjs";
import { chromiumArgs, findBrowser } from "../scripts/find-browser.cjs";
import { buildsFromEnv, loadAverage, pct, prepareDatabase, round1, round2, serve, signIn, sleep, stopServer, type AppServer, type Fixtures } from "./newsroom-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS || 6);
const TYPING_ROUNDS = Number(process.env.BENCH_TYPING_ROUNDS || 3);
const PORT = Number(process.env.BENCH_PORT || 3510);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS || 1);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 0);

type Open = {
  build: string;
  check: "small" | "large";
  round: number;
  shownMs: number;
  jsPageGzip: number;
  htmlBytes: number;
  htmlGzip: number;
  firstEditableMs: number;
  editableMs: number;
  farEditableMs: number;
  againEditableMs: number;
  fields: number;
  longTasks: number;
  longestTaskMs: number;
  longestAfterPaintMs: number;
  blockingMs: number;
  jsGzip: number;
  jsFiles: number;
  jsOnUseGzip: number | null;
  keyToFrame: number[];
};

/**
 * Recorded in the page from its first script on: long tasks, and when the
 * fields in view became editable (the editor's fields, not the first view's).
 * Plain JavaScript (the module's own code is compiled with helpers the page
 * would not have).
 */
const INIT = `
  window.__bench = { longTasks: [], shown: null, first: null, all: null, fields: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  requestAnimationFrame(function poll() {
    const b = window.__bench;
    const summary = document.getElementById("fact-check-summary");
    if (b.shown === null && summary) b.shown = performance.now();
    const editable = [...document.querySelectorAll('[role="textbox"][contenteditable="true"]')];
    if (b.first === null && editable.some((el) => /^section-.*-body$/.test(el.id))) b.first = performance.now();
    b.fields = editable.length;
    const inView = [...document.querySelectorAll('[role="textbox"]')].filter((el) => {
      if (el.closest("[data-first-view]")) return false;
      const box = el.getBoundingClientRect();
      return box.height > 0 && box.bottom > 0 && box.top < innerHeight;
    });
    if (inView.length > 0 && inView.every((el) => el.isContentEditable)) b.all = performance.now();
    else requestAnimationFrame(poll);
  });
`;

/** A new page of `context`, its responses delayed by LATENCY_MS. */
async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  if (LATENCY_MS > 0) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: LATENCY_MS, downloadThroughput: -1, uploadThroughput: -1 });
  }
  return page;
}

async function contextFor(browser: Browser, server: AppServer, cookie: string) {
  const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1280, height: 900 } });
  await context.addCookies(cookie.split("; ").map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: server.base })));
  return context;
}

/** Collects the page's own scripts as they load: gzip size (level 9) by URL. */
function recordScripts(page: Page, origin: string): Map<string, number> {
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script" || !response.url().startsWith(origin)) return;
    try {
      scripts.set(response.url(), zlib.gzipSync(await response.body(), { level: 9 }).length);
    } catch {
      // a response the page dropped
    }
  });
  return scripts;
}
const total = (scripts: Map<string, number>) => [...scripts.values()].reduce((a, b) => a + b, 0);

/** Opens the check on `page` (INIT already added) and waits for every field to be editable: when that was, in ms. */
async function openUntilEditable(page: Page, id: string): Promise<number> {
  await page.goto(`/desk/fact-checks/${id}`);
  await page.waitForFunction(() => (window as unknown as { __bench: { all: number | null } }).__bench.all !== null, null, { timeout: 120_000 });
  return page.evaluate(() => (window as unknown as { __bench: { all: number } }).__bench.all);
}

/** The engine's files of each build (lib/engine-chunks.mjs), read once. */
const engines = new Map<AppServer, Set<string>>();
function engineOf(server: AppServer): Set<string> {
  let files = engines.get(server);
  if (!files) engines.set(server, (files = new Set(readEngineChunks(path.join(server.build.root, server.build.distDir)))));
  return files;
}

/**
 * The check's last section's body focused as a link or Tab would: ms to the
 * frame where it is editable and has the focus. Plain JavaScript, as INIT.
 */
const FAR_FIELD = `new Promise((resolve) => {
  const bodies = document.querySelectorAll('[role="textbox"][id^="section-"][id$="-body"]');
  const id = bodies[bodies.length - 1].id;
  const start = performance.now();
  bodies[bodies.length - 1].focus();
  requestAnimationFrame(function check() {
    const field = document.getElementById(id);
    if (field && field.isContentEditable && document.activeElement === field) resolve(performance.now() - start);
    else requestAnimationFrame(check);
  });
})`;

/**
 * The check opened as the first page of a new session: ms to editable, and
 * whether the HTML's head named every file of the engine (lib/engine-chunks.mjs).
 */
async function openAsFirstPage(browser: Browser, server: AppServer, id: string) {
  const context = await contextFor(browser, server, await signIn(server.base, "writer@factdesk.test"));
  const page = await newPage(context);
  await page.addInitScript({ content: INIT });
  const html = page.waitForResponse((response) => response.request().resourceType() === "document").then((response) => response.text());
  const editableMs = Math.round(await openUntilEditable(page, id));
  const head = (await html).split("</head>")[0]!;
  const enginePreloaded = [...engineOf(server)].every((file) => head.includes(`href="${file}"`));
  await context.close();
  return { editableMs, enginePreloaded };
}

async function openEditor(browser: Browser, server: AppServer, cookie: string, id: string, typing: boolean) {
  const context = await contextFor(browser, server, cookie);
  const page = await newPage(context);
  await page.addInitScript({ content: INIT });
  const scripts = recordScripts(page, server.base);
  let html = "";
  page.on("response", async (response) => {
    if (response.request().resourceType() === "document") html = await response.text().catch(() => "");
  });
  await openUntilEditable(page, id);
  await sleep(1_000);
  const bench = await page.evaluate(() => (window as unknown as { __bench: { longTasks: { start: number; duration: number }[]; shown: number | null; first: number | null; all: number; fields: number } }).__bench);
  const tasks = bench.longTasks.filter((t) => t.start < bench.all + 1_000);
  const firstPaint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0);
  const jsGzip = total(scripts);
  // The scripts the page itself names (what it needs to show and work); the rest it asked for afterwards (the editing engine).
  // The engine's files are named too, as preloads (lib/engine-chunks.mjs): they are not what the page needs to show.
  const engine = engineOf(server);
  const jsPageGzip = [...scripts]
    .filter(([url]) => html.includes(new URL(url).pathname) && !engine.has(new URL(url).pathname))
    .reduce((sum, [, size]) => sum + size, 0);
  const jsFiles = scripts.size;
  const farEditableMs = Math.round((await page.evaluate(FAR_FIELD)) as number);

  let keyToFrame: number[] = [];
  let jsOnUseGzip: number | null = null;
  if (typing) {
    const body = page.locator('[role="textbox"][id$="-body"]').first();
    await body.click();
    await page.keyboard.press("Control+End");
    await page.evaluate(() => {
      const w = window as unknown as { __latencies: number[] };
      w.__latencies = [];
      document.addEventListener(
        "keydown",
        (event) => {
          const start = event.timeStamp;
          document.addEventListener("input", () => requestAnimationFrame(() => w.__latencies.push(performance.now() - start)), { once: true });
        },
        { capture: true },
      );
    });
    for (const char of " the quick brown fox jumps over") {
      await page.keyboard.type(char);
      await sleep(60);
    }
    await sleep(300);
    keyToFrame = await page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
    // What first use loads: the Cite picker (Ctrl+Shift+K), then the keyboard shortcuts.
    const before = total(scripts);
    await page.keyboard.press("Control+Shift+K");
    await page.getByRole("dialog", { name: "Cite a source" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByText("Keyboard shortcuts").click();
    await page.getByText("Move section down").waitFor();
    await sleep(500);
    jsOnUseGzip = total(scripts) - before;
  }
  // Opened again in the same browser, as a writer opens it day to day: the scripts (and their compiled
  // code) in its caches, and the check's copy in IndexedDB.
  await page.close();
  const again = await newPage(context);
  await again.addInitScript({ content: INIT });
  const againEditableMs = Math.round(await openUntilEditable(again, id));
  await context.close();
  return {
    againEditableMs,
    shownMs: Math.round(bench.shown ?? bench.all),
    jsPageGzip,
    htmlBytes: Buffer.byteLength(html),
    htmlGzip: zlib.gzipSync(html, { level: 9 }).length,
    firstEditableMs: Math.round(bench.first ?? bench.all),
    editableMs: Math.round(bench.all),
    farEditableMs,
    fields: bench.fields,
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    longestAfterPaintMs: Math.round(Math.max(0, ...tasks.filter((t) => t.start >= firstPaint).map((t) => t.duration))),
    blockingMs: Math.round(tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0)),
    jsGzip,
    jsFiles,
    jsOnUseGzip,
    keyToFrame,
  };
}

/**
 * When a public page (/about: static HTML, a few scripts) first paints in a
 * fresh browser profile, as each open of the editor is: the floor of any page
 * on this machine (a new renderer process, its fonts, the first layout), the
 * baseline the editor's times are divided by.
 */
async function publicFirstPaint(browser: Browser, server: AppServer): Promise<number> {
  const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await page.goto("/about", { waitUntil: "load" });
  const paint = await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null, null, { timeout: 30_000 });
  const ms = Math.round((await paint.jsonValue()) as number);
  await context.close();
  return ms;
}

/** A public page's scripts, loaded the same way. */
async function publicJs(browser: Browser, server: AppServer): Promise<number> {
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  const scripts = recordScripts(page, server.base);
  await page.goto("/about", { waitUntil: "networkidle" });
  await sleep(500);
  await context.close();
  return total(scripts);
}

/**
 * One Lighthouse run, again (up to twice more) when Lighthouse says its own
 * recording failed (`runtimeError`, such as NO_NAVSTART: no score, not a
 * score of 0).
 */
async function lighthouse(server: AppServer, cookie: string, id: string, chromePath: string) {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouseOnce(server, cookie, id, chromePath);
    if (!result.runtimeError) return result.scores;
    console.log(`Lighthouse run failed (${result.runtimeError})${attempt < 3 ? ", running it again" : ""}`);
    if (attempt === 3) throw new Error(`Lighthouse failed three times: ${result.runtimeError}`);
  }
}

async function lighthouseOnce(server: AppServer, cookie: string, id: string, chromePath: string) {
  const { default: run } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"] });
  try {
    const result = await run(`${server.base}/desk/fact-checks/${id}`, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: { Cookie: cookie } });
    const lhr = result!.lhr;
    return {
      runtimeError: lhr.runtimeError?.code ?? null,
      scores: {
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? 0),
        lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? 0),
        benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
      },
    };
  } finally {
    await chrome.kill();
  }
}

async function main() {
  const builds = buildsFromEnv();
  const chromePath = findBrowser()?.path;
  if (!chromePath) throw new Error("No Chromium: install Debian's chromium (apt-get install chromium) or set FACTDESK_CHROMIUM");
  console.log(`Editor benchmark: builds ${builds.map((b) => `${b.name} (${b.distDir})`).join(", ")}, ${ROUNDS} rounds${LATENCY_MS ? `, ${LATENCY_MS} ms added to each response` : ""}; load average ${loadAverage()}`);
  const prepared = await prepareDatabase();
  const fixtures: Fixtures = prepared.fixtures;
  console.log(`Large check: ${fixtures.largeBytes} bytes of JSON, ${fixtures.citations} citations`);
  const servers: AppServer[] = [];
  const browser = await chromium.launch({ executablePath: chromePath, args: chromiumArgs(chromePath) });
  try {
    for (const [i, build] of builds.entries()) servers.push(await serve(build, PORT + i, prepared));
    const cookies = new Map<AppServer, string>();
    for (const server of servers) cookies.set(server, await signIn(server.base, "writer@factdesk.test"));
    // Warm each server's routes and code (the first render of a route compiles nothing, but fills caches).
    for (const server of servers) for (const check of ["small", "large"] as const) await openEditor(browser, server, cookies.get(server)!, fixtures[check], false);

    const opens: Open[] = [];
    const firstPages: { build: string; check: "small" | "large"; round: number; editableMs: number; enginePreloaded: boolean }[] = [];
    const publicPaints = new Map<string, number[]>(servers.map((server) => [server.build.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const server of servers) {
        const ms = await publicFirstPaint(browser, server);
        publicPaints.get(server.build.name)!.push(ms);
        console.log(`round ${round} ${server.build.name} public page (/about): first paint ${ms} ms`);
      }
      const order: ("small" | "large")[] = round % 2 ? ["small", "large"] : ["large", "small"];
      const serverOrder = round % 2 ? servers : [...servers].reverse();
      for (const check of order) {
        for (const server of serverOrder) {
          const open = await openEditor(browser, server, cookies.get(server)!, fixtures[check], round <= TYPING_ROUNDS);
          opens.push({ build: server.build.name, check, round, ...open });
          const first = await openAsFirstPage(browser, server, fixtures[check]);
          firstPages.push({ build: server.build.name, check, round, ...first });
          console.log(`round ${round} ${server.build.name} ${check}, as a session's first page: editable ${first.editableMs} ms, the engine's files ${first.enginePreloaded ? "" : "not "}named in its head`);
          console.log(`round ${round} ${server.build.name} ${check}: shown ${open.shownMs} ms, editable ${open.editableMs} ms (${open.fields} fields; Section 1 ${open.firstEditableMs} ms; again ${open.againEditableMs} ms; last section focused to editable ${open.farEditableMs} ms), ${open.longTasks} long tasks, longest ${open.longestTaskMs} ms (after the first paint ${open.longestAfterPaintMs} ms), JS ${open.jsGzip} B (the page's own ${open.jsPageGzip} B), HTML ${open.htmlBytes} B (${open.htmlGzip} B gzip)`);
        }
      }
    }
    const publicJsGzip = new Map<string, number>();
    for (const server of servers) publicJsGzip.set(server.build.name, await publicJs(browser, server));

    const summary: Record<string, unknown> = {};
    for (const server of servers) {
      const name = server.build.name;
      const of = (check: "small" | "large") => opens.filter((o) => o.build === name && o.check === check);
      const median = (xs: number[]) => pct(xs, 50);
      const pairs = (field: "editableMs" | "firstEditableMs" | "againEditableMs" | "farEditableMs") =>
        median(of("large").map((o) => o[field] / of("small").find((s) => s.round === o.round)![field]));
      const describe = (check: "small" | "large") => {
        const rows = of(check);
        const keys = rows.flatMap((o) => o.keyToFrame);
        return {
          shownMs: median(rows.map((o) => o.shownMs)),
          editableMs: median(rows.map((o) => o.editableMs)),
          againEditableMs: median(rows.map((o) => o.againEditableMs)),
          section1EditableMs: median(rows.map((o) => o.firstEditableMs)),
          fieldsEditable: median(rows.map((o) => o.fields)),
          lastSectionFocusedToEditableMs: median(rows.map((o) => o.farEditableMs)),
          longTasks: median(rows.map((o) => o.longTasks)),
          longestTaskMs: Math.max(...rows.map((o) => o.longestTaskMs)),
          longestTaskMsMedian: median(rows.map((o) => o.longestTaskMs)),
          longestTaskAfterFirstPaintMs: Math.max(...rows.map((o) => o.longestAfterPaintMs)),
          blockingMs: median(rows.map((o) => o.blockingMs)),
          keyToFrameP50: round1(pct(keys, 50)),
          keyToFrameP95: round1(pct(keys, 95)),
          keys: keys.length,
          jsGzip: median(rows.map((o) => o.jsGzip)),
          jsFiles: median(rows.map((o) => o.jsFiles)),
          jsPageGzip: median(rows.map((o) => o.jsPageGzip)),
          htmlBytes: median(rows.map((o) => o.htmlBytes)),
          htmlGzip: median(rows.map((o) => o.htmlGzip)),
          jsOnFirstUseGzip: median(rows.filter((o) => o.jsOnUseGzip !== null).map((o) => o.jsOnUseGzip!)),
        };
      };
      const small = describe("small");
      const large = describe("large");
      const firstPage = (check: "small" | "large") => firstPages.filter((o) => o.build === name && o.check === check);
      const publicPaint = median(publicPaints.get(name)!);
      summary[name] = {
        small,
        large,
        publicPageFirstPaintMs: publicPaint,
        "small editable ÷ public page first paint": round2(small.editableMs / publicPaint),
        "small editable again ÷ public page first paint": round2(small.againEditableMs / publicPaint),
        "small shown ÷ public page first paint": round2(small.shownMs / publicPaint),
        "large ÷ small, editable (median of per-round ratios)": round2(pairs("editableMs")),
        "large ÷ small, editable again": round2(pairs("againEditableMs")),
        "large ÷ small, Section 1 editable": round2(pairs("firstEditableMs")),
        "large ÷ small, last section focused to editable": round2(pairs("farEditableMs")),
        "large ÷ small, key to frame p50": round2(large.keyToFrameP50 / small.keyToFrameP50),
        "as a session's first page": {
          smallEditableMs: median(firstPage("small").map((o) => o.editableMs)),
          largeEditableMs: median(firstPage("large").map((o) => o.editableMs)),
          "the engine's files named in the head": `${firstPages.filter((o) => o.build === name && o.enginePreloaded).length} of ${firstPages.filter((o) => o.build === name).length} opens`,
        },
        publicPageJsGzip: publicJsGzip.get(name),
        "editor JS ÷ public page JS": round2(small.jsGzip / publicJsGzip.get(name)!),
      };
    }
    if (servers.length > 1) {
      const [a, b] = servers.map((s) => s.build.name);
      const ratio = (check: "small" | "large", field: "editableMs" | "shownMs") =>
        round2(pct(opens.filter((o) => o.build === b && o.check === check).map((o) => o[field] / opens.find((x) => x.build === a && x.check === check && x.round === o.round)![field]), 50));
      const firstPageRatio = (check: "small" | "large") =>
        round2(pct(firstPages.filter((o) => o.build === b && o.check === check).map((o) => o.editableMs / firstPages.find((x) => x.build === a && x.check === check && x.round === o.round)!.editableMs), 50));
      summary[`${b} ÷ ${a}`] = {
        "small, shown": ratio("small", "shownMs"),
        "large, shown": ratio("large", "shownMs"),
        "small, editable": ratio("small", "editableMs"),
        "large, editable": ratio("large", "editableMs"),
        "small, editable as a session's first page": firstPageRatio("small"),
        "large, editable as a session's first page": firstPageRatio("large"),
      };
    }
    if (process.env.BENCH_SKIP_LIGHTHOUSE !== "1") {
      const scores: Record<string, unknown[]> = {};
      for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
        for (const server of servers) {
          for (const check of ["small", "large"] as const) {
            (scores[`${server.build.name} ${check}`] ??= []).push(await lighthouse(server, cookies.get(server)!, fixtures[check], chromePath));
          }
        }
      }
      summary.lighthouse = scores;
    }
    summary.latencyMs = LATENCY_MS;
    summary.loadAverageAfter = loadAverage();
    console.log(`\nJSON ${JSON.stringify(summary, null, 2)}`);
  } finally {
    await browser.close();
    for (const server of servers) await stopServer(server);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
