/**
 * The deployment of docs/deployment.md under load: app instances on one
 * PostgreSQL database and one Redis, nginx in front with deploy/nginx's
 * configuration (scripts/nginx.mjs fills it in), all on loopback, in one run:
 *
 *  1. the published page through nginx's micro-cache against the same HTML
 *     served by the same nginx as a static file; target: ratio ≥ 0.8;
 *  2. the published page through nginx with its cache off, to one instance
 *     and to two: requests a second, and the ratio of two to one (reported;
 *     on a machine of two cores the instances, nginx and wrk share them);
 *  3. p99 through the micro-cache while checks are published (each
 *     publication expires every public page) against p99 at rest, and how
 *     many renders reach the instances per publication (nginx's log of what
 *     the instances answered with `x-nextjs-cache: MISS`); target: p99
 *     ratio ≤ 1.5 and about one render per page and publication, no burst.
 *
 * The runs of 1 and 2 alternate in short rounds and each ratio is the median
 * of the per-round ratios, so that drift on a shared machine hits both sides.
 *
 *   npm run build && npm run bench:cluster
 *
 * Needs wrk, nginx (Debian: apt-get install -y wrk nginx), PostgreSQL
 * (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres: a
 * throwaway database is made on it) and Redis (REDIS_URL, default
 * redis://127.0.0.1:6379, under a key prefix of its own).
 *
 * Environment: BENCH_PORT (default 3291; the run takes it and the five after
 * it), BENCH_DURATION seconds per load run (default 4), BENCH_CONNECTIONS
 * (default 50), BENCH_ROUNDS (default 6), BENCH_PUBLICATIONS (default 5),
 * FACTDESK_DIST_DIR (the build, default .next).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { Redis } from "ioredis";
import { findNginx, startNginx, testNginxConfig, waitForHttp, writeNginxConfig } from "../scripts/nginx.mjs";
import { loadServer, median, requireWrk, type Measured as LoadMeasured } from "./load";
import { signIn } from "./newsroom-server";

type Measured = LoadMeasured & { serverCpuUsPerRequest: number | null };

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const distDir = process.env.FACTDESK_DIST_DIR || ".next";
const PORT = Number(process.env.BENCH_PORT || 3291);
const DURATION = Number(process.env.BENCH_DURATION || 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 6);
const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS || 5);
const POSTGRES = process.env.BENCH_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const SLUG = "does-a-four-day-school-week-improve-test-scores";
const PAGE = `/fact-checks/${SLUG}`;
const TARGETS = { cachedVsStatic: 0.8, p99Ratio: 1.5 };

const ports = { cached: PORT, a: PORT + 1, b: PORT + 2, staticFile: PORT + 3, offOne: PORT + 4, offTwo: PORT + 5 };
const url = (port: number, pathname = PAGE) => `http://127.0.0.1:${port}${pathname}`;

type Instance = { port: number; child: ChildProcess };

function startInstance(port: number, env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, ["server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  return { port, child };
}

async function waitForHealth(port: number) {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(url(port, "/api/health"))).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The instance on ${port} did not start`);
}

async function api<T>(base: string, cookie: string, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api/v1${pathname}`, { method, headers: { cookie, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

const paragraph = (text: string, sourceId?: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }, ...(sourceId ? [{ type: "citation", attrs: { sourceId } }] : [])] }],
});

/** `count` checks approved and waiting to be published, made through the API as the newsroom would. */
async function approvedChecks(base: string, count: number): Promise<{ publish: () => Promise<void> }> {
  const [writer, reviewer, editor] = await Promise.all(["writer@factdesk.test", "reviewer@factdesk.test", "editor@factdesk.test"].map((email) => signIn(base, email)));
  const sources = await api<{ data: { id: string }[] }>(base, writer!, "GET", "/sources");
  const sourceId = sources.data[0]!.id;
  const staff = await api<{ data: { id: string; email: string }[] }>(base, writer!, "GET", "/users");
  const reviewerId = staff.data.find((u) => u.email === "reviewer@factdesk.test")!.id;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const tag = crypto.randomBytes(3).toString("hex");
    const created = await api<{ id: string }>(base, writer!, "POST", "/fact-checks", {
      question: `Does the benchmark publish check ${tag}?`,
      topic: "Benchmarks",
      summary: paragraph("It does, once.", sourceId),
      sections: [{ heading: "What was measured", body: paragraph("A publication under load.", sourceId) }],
    });
    await api(base, writer!, "POST", `/fact-checks/${created.id}/submit`, { reviewerIds: [reviewerId] });
    await api(base, reviewer!, "POST", `/fact-checks/${created.id}/reviews`, { decision: "approve" });
    ids.push(created.id);
  }
  return {
    publish: async () => {
      const id = ids.shift();
      if (!id) throw new Error("No approved check left to publish");
      await api(base, editor!, "POST", `/fact-checks/${id}/publish`, { changeNote: "Published by the benchmark." });
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const load = (target: string, pid?: number) => loadServer("wrk", target, { connections: CONNECTIONS, duration: DURATION }, pid);
const show = (m: Measured) => `${m.requestsPerSec} req/s, p99 ${m.p99Ms} ms${m.non2xx || m.errors || m.timeouts ? ` (non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts})` : ""}`;

/**
 * The renders the instances did for nginx, from its page log from byte `from`:
 * requests that went to an instance (an upstream address; a copy served from
 * nginx's cache has none, though it repeats the headers it was stored with)
 * and were rendered there (`x-nextjs-cache: MISS`), in all and of `pathname`.
 */
function rendersIn(log: string, from: number, pathname: string): { all: number; page: number } {
  const lines = fs
    .readFileSync(log, "utf8")
    .slice(from)
    .split("\n")
    .map((line) => line.split(" "))
    .filter(([, , upstream, nextCache]) => upstream && upstream !== "-" && nextCache === "MISS");
  return { all: lines.length, page: lines.filter((fields) => fields[4] === pathname).length };
}

async function main() {
  requireWrk();
  const nginx = findNginx();
  if (!nginx) throw new Error("No nginx: apt-get install -y nginx (or set NGINX_BIN)");
  if (!fs.existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error("Build the app first: npm run build");
  console.log(`Cluster benchmark: ${os.cpus().length} cores, load ${os.loadavg().map(round2).join(" ")}, nginx ${nginx.version}, wrk -c${CONNECTIONS} ${DURATION}s × ${ROUNDS} rounds`);

  const name = `factdesk_bench_cluster_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(POSTGRES, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(POSTGRES), { pathname: `/${name}` }).toString();
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-bench-nginx-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    FACTDESK_REDIS_PREFIX: `factdesk-bench-${name}`,
    FACTDESK_DEMO_DATA: "true",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    FACTDESK_PUBLIC_URL: `http://127.0.0.1:${ports.cached}`,
    FACTDESK_TRUSTED_PROXIES: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    FACTDESK_PURGE_URL: "",
  };
  const instances: Instance[] = [];
  let nginxProcess: ChildProcess | null = null;
  try {
    const prepared = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    if (prepared.status !== 0) throw new Error("Migrating and loading the demo data failed");
    instances.push(startInstance(ports.a, env), startInstance(ports.b, env));
    await Promise.all(instances.map((i) => waitForHealth(i.port)));

    // The shipped configuration on `cached`, plus, in the same nginx: a static copy of the page, and the page with no cache to one and to two instances.
    const staticDir = path.join(prefix, "static-page");
    fs.mkdirSync(staticDir);
    const pageLog = path.join(prefix, "pages.log");
    const proxyOff = (upstream: string) => `proxy_pass http://${upstream}; proxy_http_version 1.1; proxy_set_header Host $host; proxy_set_header Connection ""; proxy_set_header Accept-Encoding ""; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`;
    writeNginxConfig({
      prefix,
      listen: `127.0.0.1:${ports.cached}`,
      ports: [ports.a, ports.b],
      staticDir: path.join(root, distDir, "static"),
      adjust: (site: string) =>
        `log_format factdesk_bench '$msec $upstream_cache_status $upstream_addr $upstream_http_x_nextjs_cache $request_uri';\n` +
        site.replace(/(server_name [^;]*;)/, `$1\n    access_log ${pageLog} factdesk_bench;\n    log_subrequest on;`) +
        `
upstream factdesk_one {
    server 127.0.0.1:${ports.a};
    keepalive 32;
    keepalive_timeout 4s;
}
server {
    listen 127.0.0.1:${ports.staticFile};
    location / { root ${staticDir}; default_type text/html; }
}
server {
    listen 127.0.0.1:${ports.offOne};
    location / { ${proxyOff("factdesk_one")} }
}
server {
    listen 127.0.0.1:${ports.offTwo};
    location / { ${proxyOff("factdesk_app")} }
}
`,
    });
    testNginxConfig(nginx.path, prefix);
    nginxProcess = startNginx(nginx.path, prefix, { stdio: ["ignore", "ignore", "inherit"] });
    await waitForHttp(url(ports.cached, "/api/health"), { process: nginxProcess });
    const nginxPid = nginxProcess.pid;
    // A page read within the last 2 s is in the micro-cache, as a page with readers always is. One
    // that is not (nobody read it for `inactive`, 2 s) is read once from an instance while the
    // readers arriving meanwhile wait for that copy, and nginx's lock lets them look again only every
    // 500 ms: each run would start with 50 readers waiting half a second, a cold start that the
    // benchmark measures once, apart (below), not in every run.
    const warm = async () => {
      await (await fetch(url(ports.cached))).arrayBuffer();
    };

    // The page as readers get it, saved as the static file (same bytes, no rendering, no cache lookup).
    const html = await (await fetch(url(ports.cached))).text();
    fs.writeFileSync(path.join(staticDir, "page.html"), html);
    const cachedStatus = (await fetch(url(ports.cached))).headers.get("x-cache-status");
    console.log(`Published page: ${Buffer.byteLength(html)} bytes; a second read through nginx: ${cachedStatus}`);
    for (const target of [url(ports.cached), url(ports.staticFile, "/page.html"), url(ports.offOne), url(ports.offTwo)]) await load(target);

    // The cold start: CONNECTIONS readers arrive together at the page nobody has read for 3 s.
    await new Promise((r) => setTimeout(r, 3_000));
    const cold = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const started = performance.now();
        const response = await fetch(url(ports.cached));
        await response.arrayBuffer();
        return { ms: performance.now() - started, status: response.headers.get("x-cache-status") ?? "?" };
      }),
    );
    const statusCounts = new Map<string, number>();
    for (const { status } of cold) statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
    const coldStatuses = [...statusCounts].map(([status, n]) => `${n} ${status}`).join(", ");
    const coldMs = cold.map((c) => c.ms).sort((a, b) => a - b);
    console.log(`Cold start, ${CONNECTIONS} readers at once: ${coldStatuses}; median ${round1(median(coldMs))} ms, slowest ${round1(coldMs.at(-1)!)} ms`);

    // 1 and 2: alternating rounds.
    const cachedVsStatic: number[] = [];
    const twoVsOne: number[] = [];
    const runs: Record<"cached" | "staticFile" | "offOne" | "offTwo", Measured[]> = { cached: [], staticFile: [], offOne: [], offTwo: [] };
    for (let round = 0; round < ROUNDS; round++) {
      await warm();
      const cached = await load(url(ports.cached), nginxPid);
      const staticFile = await load(url(ports.staticFile, "/page.html"), nginxPid);
      const offOne = await load(url(ports.offOne));
      const offTwo = await load(url(ports.offTwo));
      runs.cached.push(cached);
      runs.staticFile.push(staticFile);
      runs.offOne.push(offOne);
      runs.offTwo.push(offTwo);
      cachedVsStatic.push(cached.requestsPerSec / staticFile.requestsPerSec);
      twoVsOne.push(offTwo.requestsPerSec / offOne.requestsPerSec);
      console.log(`  round ${round + 1}: micro-cache ${show(cached)} | static file ${show(staticFile)} | no cache, one instance ${show(offOne)} | two ${show(offTwo)}`);
    }
    const med = (list: Measured[], key: "requestsPerSec" | "p99Ms") => median(list.map((m) => m[key]));

    // 3: p99 at rest and while checks are published, through the micro-cache, alternating three times.
    const ALTERNATIONS = 3;
    const publisher = await approvedChecks(url(ports.a, ""), PUBLICATIONS * ALTERNATIONS);
    const rests: Measured[] = [];
    const busies: Measured[] = [];
    let rendersAtRest = 0;
    const rendersBusy = { all: 0, page: 0 };
    for (let round = 0; round < ALTERNATIONS; round++) {
      await warm();
      const restStart = fs.statSync(pageLog).size;
      rests.push(await loadServer("wrk", url(ports.cached), { connections: CONNECTIONS, duration: PUBLICATIONS * 2 }, nginxPid));
      rendersAtRest += rendersIn(pageLog, restStart, PAGE).all;
      const busyStart = fs.statSync(pageLog).size;
      const busyRun = loadServer("wrk", url(ports.cached), { connections: CONNECTIONS, duration: PUBLICATIONS * 2 }, nginxPid);
      for (let i = 0; i < PUBLICATIONS; i++) {
        await new Promise((r) => setTimeout(r, 1_000));
        await publisher.publish();
        await new Promise((r) => setTimeout(r, 700));
      }
      busies.push(await busyRun);
      const counted = rendersIn(pageLog, busyStart, PAGE);
      rendersBusy.all += counted.all;
      rendersBusy.page += counted.page;
      console.log(`  at rest ${show(rests[round]!)} | during ${PUBLICATIONS} publications ${show(busies[round]!)}, ${counted.page} renders of the page`);
    }
    const rest = { p99Ms: med(rests, "p99Ms"), requestsPerSec: med(rests, "requestsPerSec") };
    const busy = { p99Ms: med(busies, "p99Ms"), requestsPerSec: med(busies, "requestsPerSec"), non2xx: busies.reduce((n, m) => n + m.non2xx, 0), errors: busies.reduce((n, m) => n + m.errors, 0), timeouts: busies.reduce((n, m) => n + m.timeouts, 0) };
    const publications = PUBLICATIONS * ALTERNATIONS;
    const pageRenders = rendersBusy.page;

    const ratio1 = round2(median(cachedVsStatic));
    const ratio2 = round2(median(twoVsOne));
    const ratio3 = round2(busy.p99Ms / Math.max(rest.p99Ms, 0.1));
    console.log("");
    console.log(`1. Micro-cache against a static file: ${med(runs.cached, "requestsPerSec")} against ${med(runs.staticFile, "requestsPerSec")} req/s (p99 ${med(runs.cached, "p99Ms")} / ${med(runs.staticFile, "p99Ms")} ms): ratio ${ratio1} (target ≥ ${TARGETS.cachedVsStatic}) ${ratio1 >= TARGETS.cachedVsStatic ? "PASS" : "FAIL"}`);
    console.log(`2. No cache, one instance against two: ${med(runs.offOne, "requestsPerSec")} and ${med(runs.offTwo, "requestsPerSec")} req/s (p99 ${med(runs.offOne, "p99Ms")} / ${med(runs.offTwo, "p99Ms")} ms): two/one ${ratio2}`);
    console.log(`3. p99 at rest ${rest.p99Ms} ms (${rest.requestsPerSec} req/s), during publications ${busy.p99Ms} ms (${busy.requestsPerSec} req/s), medians of ${ALTERNATIONS} runs each: ratio ${ratio3} (target ≤ ${TARGETS.p99Ratio}) ${ratio3 <= TARGETS.p99Ratio ? "PASS" : "FAIL"}`);
    console.log(`   renders reaching the instances: ${rendersAtRest} at rest; ${rendersBusy.all} during ${publications} publications, ${pageRenders} of them the page under load: ${round1(pageRenders / publications)} per publication`);
    console.log(`   non-2xx/errors/timeouts during publications: ${busy.non2xx}/${busy.errors}/${busy.timeouts}`);
    console.log(`Load average at the end: ${os.loadavg().map(round2).join(" ")}`);
  } finally {
    if (nginxProcess && nginxProcess.exitCode === null) {
      const gone = new Promise((r) => nginxProcess!.once("exit", r));
      nginxProcess.kill("SIGQUIT");
      await gone;
    }
    await Promise.all(instances.map(({ child }) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))))));
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
    const redis = new Redis(REDIS, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`factdesk-bench-${name}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
