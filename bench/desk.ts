/**
 * The newsroom's side under load, without the response cache (nothing here is
 * shared between people): the built app served as `npm start` serves it, on an
 * embedded database with the demo data and bench/newsroom-fixtures.ts's checks
 * and people. wrk (one thread) loads each address in short alternating runs,
 * every request signed in as the next of BENCH_EDITORS editors (the API counts
 * requests per person: lib/server/rate-limits.ts), and the server's CPU time
 * (from /proc) is divided by the requests it answered. With the embedded
 * database, the database's own work is in the server's process and counted.
 *
 * Addresses: the desk (`/desk`), the inbox, the library searched (`/sources?q=…`), the editor's
 * page of the large check, `GET /api/v1/fact-checks/:id` of the small and
 * the large check, and the editor's largest script as Chromium asks for it
 * (`Accept-Encoding: gzip, deflate, br, zstd`: what a first visit costs the
 * server in compression, lib/static-files.mjs); the baseline, `/api/health` (one Next.js route, one query,
 * no session), is measured in the same rounds, and every figure is also given
 * as a ratio to it.
 *
 *   npx next build && node --import tsx bench/desk.ts
 *   node --import tsx bench/desk.ts --profile /desk      (10 s under load with --cpu-prof, then where the time went)
 *   node --import tsx bench/desk.ts --profile "editor page"   (a target by the start of its name)
 *
 * With BENCH_DATABASE_URL (a PostgreSQL server) the data is served from
 * PostgreSQL instead: the server's CPU is then the app's and Next.js's alone,
 * and the database backends' CPU per request is given beside it.
 *
 * Environment: BENCH_BUILDS and BENCH_DATABASE_URL (bench/newsroom-server.ts), BENCH_ROUNDS (4),
 * BENCH_DURATION seconds a run (3), BENCH_CONNECTIONS (20), BENCH_PORT (3520,
 * one port per build from there). Needs wrk. Loopback only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadServer, median, medianOrNull, requireWrk } from "./load";
import { summarizeProfile } from "./cpu-profile";
import { buildsFromEnv, databaseCpuMicros, dropDatabases, loadAverage, prepareDatabase, round2, serve, signIn, stopServer, type AppServer } from "./newsroom-server";

const ROUNDS = Number(process.env.BENCH_ROUNDS || 4);
const DURATION = Number(process.env.BENCH_DURATION || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const PORT = Number(process.env.BENCH_PORT || 3520);

/** `path` is the address, or, for a file of the build, the build's own (`fileOf`). */
type Target = { name: string; path: string; fileOf?: (server: AppServer) => string; headers?: Record<string, string>; signedIn: boolean };

const pathOf = (target: Target, server: AppServer) => target.fileOf?.(server) ?? target.path;

/** The build's largest script (the editing engine's biggest chunk). */
function largestScript(server: AppServer): string {
  const dir = path.join(server.build.root, server.build.distDir, "static", "chunks");
  const [largest] = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.size - a.size);
  if (!largest) throw new Error(`No scripts in ${dir}`);
  return `/_next/static/chunks/${largest.name}`;
}

function targetsFor(fixtures: { small: string; large: string }): Target[] {
  return [
    { name: "health (baseline)", path: "/api/health", signedIn: false },
    { name: "desk", path: "/desk", signedIn: true },
    { name: "inbox", path: "/inbox", signedIn: true },
    { name: "library search", path: "/sources?q=health", signedIn: true },
    { name: "editor page, large check", path: `/desk/fact-checks/${fixtures.large}`, signedIn: true },
    { name: "API GET, small check", path: `/api/v1/fact-checks/${fixtures.small}`, signedIn: true },
    { name: "API GET, large check", path: `/api/v1/fact-checks/${fixtures.large}`, signedIn: true },
    { name: "largest script, as Chromium asks", path: "/_next/static/chunks/", fileOf: largestScript, headers: { "accept-encoding": "gzip, deflate, br, zstd" }, signedIn: false },
  ];
}

async function cookieFile(server: AppServer, editors: string[]): Promise<string> {
  const lines: string[] = [];
  for (const email of editors) lines.push(await signIn(server.base, email));
  const file = path.join(os.tmpdir(), `factdesk-bench-cookies-${server.build.name}-${process.pid}`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  process.once("exit", () => fs.rmSync(file, { force: true }));
  return file;
}

async function check(server: AppServer, target: Target, cookie: string) {
  const response = await fetch(`${server.base}${pathOf(target, server)}`, { headers: { ...(target.signedIn ? { cookie } : {}), ...target.headers }, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${target.name} (${pathOf(target, server)}) answered ${response.status} on ${server.build.name}`);
}

async function profile(pathname: string) {
  const [build] = buildsFromEnv();
  const prepared = await prepareDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-cpu-prof-"));
  const server = await serve(build!, PORT, prepared, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  try {
    const cookies = await cookieFile(server, prepared.fixtures.editors);
    // An address, or the start of a target's name ("editor page", "API GET, large"): the fixtures' ids are new each run.
    const target = targetsFor(prepared.fixtures).find((t) => t.path === pathname || t.name.startsWith(pathname)) ?? { name: pathname, path: pathname, signedIn: true };
    await check(server, target, fs.readFileSync(cookies, "utf8").split("\n")[0]!);
    await loadServer("wrk", `${server.base}${pathOf(target, server)}`, { connections: CONNECTIONS, duration: 3, headers: target.headers, cookies: target.signedIn ? cookies : undefined }, server.child.pid);
    const m = await loadServer("wrk", `${server.base}${pathOf(target, server)}`, { connections: CONNECTIONS, duration: 10, headers: target.headers, cookies: target.signedIn ? cookies : undefined }, server.child.pid);
    console.log(`${pathOf(target, server)}: ${m.requestsPerSec} req/s, ${m.serverCpuUsPerRequest} µs of CPU a request (with the profiler on), load average ${loadAverage()}`);
  } finally {
    await stopServer(server);
    await dropDatabases();
  }
  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("The server wrote no profile");
  console.log(`Profile: ${path.join(dir, file)}`);
  summarizeProfile(path.join(dir, file));
}

async function main() {
  requireWrk();
  const at = process.argv.indexOf("--profile");
  if (at > 0) return profile(process.argv[at + 1] ?? "/desk");
  const builds = buildsFromEnv();
  console.log(`Desk benchmark: builds ${builds.map((b) => `${b.name} (${b.distDir})`).join(", ")}, ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections; load average ${loadAverage()}`);
  const prepared = await prepareDatabase();
  const servers: AppServer[] = [];
  try {
    for (const [i, build] of builds.entries()) servers.push(await serve(build, PORT + i, prepared));
    const cookies = new Map<AppServer, string>();
    for (const server of servers) cookies.set(server, await cookieFile(server, prepared.fixtures.editors));
    const targets = targetsFor(prepared.fixtures);
    for (const server of servers) {
      const one = fs.readFileSync(cookies.get(server)!, "utf8").split("\n")[0]!;
      for (const target of targets) for (let i = 0; i < 5; i++) await check(server, target, one);
    }
    type Run = { build: string; name: string; round: number; requestsPerSec: number; p99Ms: number; cpuUs: number | null; dbCpuUs: number | null; non2xx: number; errors: number; timeouts: number };
    const runs: Run[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const order = round % 2 ? [...targets].reverse() : targets;
      for (const target of order) {
        for (const server of round % 2 ? [...servers].reverse() : servers) {
          const dbBefore = await databaseCpuMicros(server);
          const m = await loadServer(
            "wrk",
            `${server.base}${pathOf(target, server)}`,
            { connections: CONNECTIONS, duration: round === 0 ? 1 : DURATION, headers: target.headers, cookies: target.signedIn ? cookies.get(server) : undefined },
            server.child.pid,
          );
          const dbAfter = await databaseCpuMicros(server);
          const dbCpuUs = dbBefore === null || dbAfter === null ? null : Math.round((dbAfter - dbBefore) / Math.max(1, m.requests));
          // Round 0 warms up and is not counted.
          if (round > 0) runs.push({ build: server.build.name, name: target.name, round, requestsPerSec: m.requestsPerSec, p99Ms: m.p99Ms, cpuUs: m.serverCpuUsPerRequest, dbCpuUs, non2xx: m.non2xx, errors: m.errors, timeouts: m.timeouts });
        }
      }
      if (round > 0) console.log(`round ${round} done, load average ${loadAverage()}`);
    }
    const failed = runs.filter((r) => r.non2xx || r.errors);
    if (failed.length) throw new Error(`Answers of 400 and above or failed connections under load: ${JSON.stringify(failed)}`);
    const table = [];
    for (const server of servers) {
      const build = server.build.name;
      const of = (name: string) => runs.filter((r) => r.build === build && r.name === name);
      const base = of(targets[0]!.name);
      for (const target of targets) {
        const rows = of(target.name);
        table.push({
          build,
          page: target.name,
          "req/s": Math.round(median(rows.map((r) => r.requestsPerSec))),
          "p99 ms": median(rows.map((r) => r.p99Ms)),
          "server CPU µs/request": medianOrNull(rows.map((r) => r.cpuUs)),
          ...(prepared.database ? { "database CPU µs/request": medianOrNull(rows.map((r) => r.dbCpuUs)) } : {}),
          "CPU ÷ health (per round)": round2(median(rows.map((r) => (r.cpuUs ?? NaN) / (base.find((b) => b.round === r.round)!.cpuUs ?? NaN)))),
          timeouts: rows.reduce((sum, r) => sum + r.timeouts, 0),
        });
      }
    }
    console.table(table);
    if (servers.length > 1) {
      const [a, b] = servers.map((s) => s.build.name);
      const ratios = targets.map((target) => {
        const rows = runs.filter((r) => r.build === b && r.name === target.name);
        return {
          page: target.name,
          [`CPU per request, ${b} ÷ ${a} (per round)`]: round2(median(rows.map((r) => r.cpuUs! / runs.find((x) => x.build === a && x.name === target.name && x.round === r.round)!.cpuUs!))),
        };
      });
      console.table(ratios);
    }
    console.log(`load average after: ${loadAverage()}`);
    console.log(`\nJSON ${JSON.stringify({ table, runs })}`);
  } finally {
    for (const server of servers) await stopServer(server);
    await dropDatabases();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
