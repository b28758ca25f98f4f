/**
 * Link checking at the size of a real library: a scheduled run over every
 * cited source, against websites served on loopback by a worker thread (its
 * own event loop, as another machine would be). Prints:
 *
 * - the run's time, checks and HTTP requests per second;
 * - politeness, as the sites saw it: the most requests one host had in
 *   progress at once (must be 1), and the shortest pause between two requests
 *   to one host, redirects included (must be at least the configured delay);
 * - rows written per check (the claim, the check's row, the source's update,
 *   archived copies and status changes);
 * - the time two desk pages' queries take while the run goes (the refresh
 *   queue, `listRefreshQueue`, and the library's first page, `searchSources`),
 *   as a ratio to the same queries measured just before, in the same run
 *   (target: under 1.2).
 *
 *   node --import tsx bench/link-checks.ts            # 2,000 sources on 40 hosts
 *   BENCH_LINKS_FULL=1 node --import tsx bench/link-checks.ts   # 10,000 sources on 200 hosts
 *
 * Environment: BENCH_LINKS_SOURCES and BENCH_LINKS_HOSTS (sizes), BENCH_HOST_DELAY_MS
 * (pause between two requests to one host, default 100), BENCH_CONCURRENCY (hosts
 * at once, default 16, the app's), BENCH_BUDGET_S (the run's time budget, default an hour: a shorter
 * one measures the desk during part of a run at the app's own pause of 2,000 ms), BENCH_BACKENDS ("postgres" unless set; "pglite"
 * too), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; a
 * throwaway database is created there and dropped). Only loopback is contacted.
 */
import "./server-only-stub";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import type * as DbModule from "@/db";
import type * as LinkChecksModule from "@/lib/server/link-checks";
import type * as RefreshModule from "@/lib/server/refresh";
import type * as SearchModule from "@/lib/server/source-search";
import { measure, openBackend, type Stats } from "./lib";

process.env.FACTDESK_FETCH_ONLY_LOOPBACK = "true";
// Archived copies in the benchmark's own database (as its figures have always been measured), never in
// the checkout's data directory (the default store without DATABASE_URL).
process.env.FACTDESK_SNAPSHOT_STORE = "database";

const FULL = process.env.BENCH_LINKS_FULL === "1";
const SOURCES = Number(process.env.BENCH_LINKS_SOURCES || (FULL ? 10_000 : 2_000));
const HOSTS = Number(process.env.BENCH_LINKS_HOSTS || (FULL ? 200 : 40));
const HOST_DELAY_MS = Number(process.env.BENCH_HOST_DELAY_MS || 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S || 3600) * 1000;
const PG_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const BACKENDS = (process.env.BENCH_BACKENDS || "postgres").split(",").map((s) => s.trim()) as ("pglite" | "postgres")[];

type Db = import("@/db").Db;
type Actor = import("@/lib/server/actor").Actor;
type HostStats = { port: number; requests: number; maxInFlight: number; minGapMs: number | null };

/**
 * The websites, in a worker thread: `hosts` servers on 127.0.0.1, each page an
 * article of about 6 KB; one page in 50 answers 404, one in 100 redirects
 * permanently, robots.txt is absent (404). Each server counts its requests,
 * the most in progress at once, and the shortest gap between one request's end
 * and the next one's start.
 */
const SITES_WORKER = `
const http = require("node:http");
const { parentPort, workerData } = require("node:worker_threads");
const filler = "<p>" + "The statistics office published its quarterly figures on employment, wages and hours worked. ".repeat(60) + "</p>";
const stats = [];
const servers = [];
let active = 0, maxActive = 0;
async function main() {
  for (let h = 0; h < workerData.hosts; h++) {
    const s = { port: 0, requests: 0, inFlight: 0, maxInFlight: 0, lastEnd: null, minGapMs: null };
    const server = http.createServer((req, res) => {
      s.requests++; s.inFlight++; s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
      if (s.inFlight === 1) { active++; maxActive = Math.max(maxActive, active); }
      const start = performance.now();
      if (s.lastEnd !== null && s.inFlight === 1) { const gap = start - s.lastEnd; s.minGapMs = s.minGapMs === null ? gap : Math.min(s.minGapMs, gap); }
      // The answer ends when the handler ends it: any event after that ("finish", "close") may come late on a busy
      // machine, which would understate the pause before the next request.
      const end = (body) => { s.lastEnd = performance.now(); res.end(body); };
      res.on("close", () => { s.inFlight--; if (s.inFlight === 0) active--; });
      const n = Number((req.url || "").split("/").pop());
      if (req.url === "/robots.txt" || n % 50 === 49) { res.writeHead(404, { "content-type": "text/html" }); return end("<p>Not found</p>"); }
      if (n % 100 === 42 && !req.url.startsWith("/moved/")) { res.writeHead(301, { location: "/moved/" + n }); return end(); }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      end(req.method === "HEAD" ? undefined : "<!doctype html><html><head><title>Page " + n + "</title></head><body><header>News</header><main><h1>Figures " + n + "</h1>" + filler + "</main><footer>Footer</footer></body></html>");
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    s.port = server.address().port;
    stats.push(s); servers.push(server);
  }
  parentPort.postMessage({ ports: stats.map((s) => s.port) });
  parentPort.on("message", (m) => {
    if (m === "stats") parentPort.postMessage({ stats: stats.map(({ port, requests, maxInFlight, minGapMs }) => ({ port, requests, maxInFlight, minGapMs })), maxActive });
    if (m === "close") { for (const s of servers) s.close(); parentPort.close(); }
  });
}
main();
`;

function startSites(hosts: number): Promise<{ ports: number[]; stats: () => Promise<{ stats: HostStats[]; maxActive: number }>; close: () => void }> {
  const worker = new Worker(SITES_WORKER, { eval: true, workerData: { hosts } });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { ports: number[] }) =>
      resolve({
        ports: message.ports,
        stats: () =>
          new Promise((done) => {
            worker.once("message", done);
            worker.postMessage("stats");
          }),
        close: () => worker.postMessage("close"),
      }),
    );
  });
}

/** `total` sources spread over the hosts, each cited by a published check (ten sources a check), all in SQL. */
async function seed(db: Db, actor: Actor, ports: number[], total: number): Promise<void> {
  await db.execute(sql`
    insert into sources (url, normalized_url, title, added_by_id)
    select 'http://127.0.0.1:' || (${sql.param(ports)}::int[])[1 + (i % ${ports.length})] || '/p/' || i,
           '127.0.0.1:' || (${sql.param(ports)}::int[])[1 + (i % ${ports.length})] || '/p/' || i,
           'Bench page ' || i, ${actor.id}
    from generate_series(0, ${total - 1}) i`);
  const checks = Math.ceil(total / 10);
  await db.execute(sql`
    insert into fact_checks (slug, question, topic, summary, sections, related_questions, status, owner_id, refresh_interval_days)
    select 'bench-' || i, 'Bench question ' || i || '?', 'Economy', '{"type":"doc","content":[]}'::jsonb, '[]'::jsonb, '[]'::jsonb,
           'published', ${actor.id}, case when i % 40 = 0 then null else 3650 end
    from generate_series(0, ${checks - 1}) i`);
  await db.execute(sql`
    insert into revisions (fact_check_id, version, content, content_hash, created_by_id)
    select id, 1, jsonb_build_object('question', question, 'topic', topic, 'summary', summary, 'sections', sections, 'relatedQuestions', related_questions), md5(id), ${actor.id}
    from fact_checks where slug like 'bench-%'`);
  await db.execute(sql`
    insert into published_versions (fact_check_id, number, revision_id, slug, content, content_hash, sources_snapshot, checked_on, published_by_id)
    select f.id, 1, r.id, f.slug, r.content, r.content_hash, '{}'::jsonb, now() - ((substr(f.slug, 7)::int % 120) || ' days')::interval, ${actor.id}
    from fact_checks f join revisions r on r.fact_check_id = f.id where f.slug like 'bench-%'`);
  await db.execute(sql`update fact_checks f set live_version_id = v.id, checked_on = v.checked_on from published_versions v where v.fact_check_id = f.id`);
  await db.execute(sql`
    insert into published_citations (version_id, source_id)
    select v.id, s.id from published_versions v
    join sources s on substr(s.title, 12)::int / 10 = substr(v.slug, 7)::int`);
  await db.execute(sql`vacuum analyze`);
}

const fmt = (stats: Stats) => `${stats.p50.toFixed(1)} ms / ${stats.p95.toFixed(1)} ms`;

async function runOn(kind: "pglite" | "postgres") {
  const dbModule: typeof DbModule = await import("@/db");
  const { runLinkChecks } = (await import("@/lib/server/link-checks")) as typeof LinkChecksModule;
  const { listRefreshQueue } = (await import("@/lib/server/refresh")) as typeof RefreshModule;
  const { searchSources } = (await import("@/lib/server/source-search")) as typeof SearchModule;
  const sites = await startSites(HOSTS);
  const { handle, drop } = await openBackend(dbModule, kind, { pgUrl: PG_URL });
  dbModule.useDatabase(handle);
  const db = handle.db;
  try {
    const [user] = await db
      .insert(dbModule.schema.users)
      .values({ email: `bench-editor-${Date.now()}@factdesk.test`, name: "Bench Editor", passwordHash: "x", role: "editor" })
      .returning();
    const actor: Actor = { id: user!.id, email: user!.email, name: user!.name, role: user!.role };
    await seed(db, actor, sites.ports, SOURCES);

    const desk = async () => {
      await listRefreshQueue({ actor });
      await searchSources({ actor, input: {} });
    };
    // The baseline is measured just before and just after the run, and pooled: on a shared machine the load
    // of other work moves between minutes, and the run sits between the two.
    const timed = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i += 1) {
        const t = performance.now();
        await desk();
        times.push(performance.now() - t);
      }
      return times;
    };
    await measure(desk, { warmup: 5, iterations: 0 });
    const baseline = await timed(40);

    const config = {
      limits: { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5, userAgent: "Factdesk/1.0 (link checker; +http://bench.test)" },
      guard: { onlyLoopback: true },
      hostDelayMs: HOST_DELAY_MS,
    };
    const t0 = performance.now();
    const rss0 = process.memoryUsage().rss;
    let running = true;
    const run = runLinkChecks({ config, concurrency: CONCURRENCY, budgetMs: BUDGET_MS }).finally(() => (running = false));
    // The desk while the run goes: the same queries, one after another, until it ends.
    const during: number[] = [];
    let peakRss = rss0;
    while (running) {
      const t = performance.now();
      await desk();
      during.push(performance.now() - t);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const summary = await run;
    const seconds = (performance.now() - t0) / 1000;
    baseline.push(...(await timed(40)));
    const stats = (samples: number[]): Stats => {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
      return { p50: at(0.5), p95: at(0.95) };
    };
    const before = stats(baseline);
    const duringStats = stats(during);
    const hosts = (await sites.stats()).stats;
    const busy = hosts.filter((s) => s.requests > 0);
    const minGap = Math.min(...busy.map((s) => s.minGapMs ?? Infinity));

    console.log(`\n## ${kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL"}: ${SOURCES.toLocaleString("en-US")} cited sources on ${HOSTS} hosts, one scheduled run`);
    console.log(`(pause between requests to a host ${HOST_DELAY_MS} ms, ${CONCURRENCY} hosts at once)\n`);
    console.log("| measure | value |");
    console.log("| --- | ---: |");
    console.log(`| run time | ${seconds.toFixed(1)} s |`);
    console.log(`| sources checked (ok / failed / blocked) | ${summary.checked.toLocaleString("en-US")} (${summary.ok} / ${summary.failed} / ${summary.blocked}) |`);
    console.log(`| checks per second | ${(summary.checked / seconds).toFixed(1)} |`);
    console.log(`| HTTP requests (per second) | ${summary.requests.toLocaleString("en-US")} (${(summary.requests / seconds).toFixed(1)}) |`);
    console.log(`| most requests in progress at one host | ${Math.max(...busy.map((s) => s.maxInFlight))} |`);
    console.log(`| shortest pause between two requests to one host | ${minGap.toFixed(1)} ms |`);
    console.log(`| hosts that answered requests | ${busy.length} |`);
    console.log(`| rows written per check | ${(summary.writes / Math.max(1, summary.checked)).toFixed(2)} |`);
    const snapshots = await db.select({ n: sql<number>`count(*)::int` }).from(dbModule.schema.sourceSnapshots);
    console.log(`| archived copies kept (first look at each page) | ${Number(snapshots[0]!.n).toLocaleString("en-US")} |`);
    console.log(`| memory (RSS) before → peak | ${(rss0 / 2 ** 20).toFixed(0)} → ${(peakRss / 2 ** 20).toFixed(0)} MiB |`);
    console.log(`| desk queries p50 / p95, no run (baseline: 40 before and 40 after) | ${fmt(before)} |`);
    console.log(`| desk queries p50 / p95, during the run (${during.length} samples) | ${fmt(duringStats)} |`);
    console.log(`| ratio p50 during ÷ baseline (target < 1.2) | ${(duringStats.p50 / before.p50).toFixed(2)} |`);
    if (!summary.complete) console.log("\nThe run's time budget ended before every source was checked.");
  } finally {
    sites.close();
    await dbModule.closeDb();
    await drop();
  }
}

async function main() {
  for (const kind of BACKENDS) await runOn(kind);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
