/**
 * What the newsroom benchmarks (bench/editor.ts, bench/desk.ts) share: builds
 * to compare, each served as `npm start` serves it (server.mjs) on its own
 * copy of one embedded database prepared with the demo data and
 * bench/newsroom-fixtures.ts, and signing in over HTTP.
 *
 * BENCH_BUILDS names the builds, `name=dir` separated by commas (default
 * `current=.next`): `main=.next-main,branch=.next` measures two builds in
 * one run, side by side, on equal databases. An absolute dir is a build of
 * another checkout (`main=/path/to/checkout/.next`), served by that
 * checkout's own server.mjs.
 *
 * BENCH_DATABASE_URL (a PostgreSQL server, e.g.
 * `postgres://postgres@127.0.0.1:5432/postgres`) prepares the data in a
 * throwaway database there instead, copied per build as a template and
 * dropped at the end; the database's own work is then outside the app's
 * process, and `databaseCpuMicros` reads it from the backends serving it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** A build: its directory, relative to the checkout (`root`) whose server.mjs serves it. */
export type Build = { name: string; distDir: string; root: string };
export type Fixtures = { small: string; large: string; largeBytes: number; citations: number; editors: string[] };
export type AppServer = { build: Build; base: string; child: ChildProcess; dataDir: string; database: string | null };

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function buildsFromEnv(): Build[] {
  const builds = (process.env.BENCH_BUILDS || "current=.next").split(",").map((entry) => {
    const [name, dir] = (entry.includes("=") ? entry.split("=") : [entry, entry]).map((s) => s!.trim());
    return path.isAbsolute(dir!) ? { name: name!, distDir: path.basename(dir!), root: path.dirname(dir!) } : { name: name!, distDir: dir!, root };
  });
  for (const build of builds) {
    if (!fs.existsSync(path.join(build.root, build.distDir, "BUILD_ID"))) throw new Error(`No build in ${path.join(build.root, build.distDir)}: run \`npx next build\` (FACTDESK_DIST_DIR=${build.distDir}) first`);
  }
  return builds;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

/** Everything the servers share: environment, and the prepared database (copied once per server). */
export type Prepared = { env: NodeJS.ProcessEnv; dataDir: string; fixtures: Fixtures; database: string | null };

const databaseServer = process.env.BENCH_DATABASE_URL || "";

/** One statement on the PostgreSQL server of BENCH_DATABASE_URL (its maintenance database). */
async function onServer<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseServer, { max: 1, onnotice: () => {} });
  try {
    return await work(sql);
  } finally {
    await sql.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(databaseServer);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function prepareDatabase(): Promise<Prepared> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-newsroom-bench-"));
  const database = databaseServer ? `factdesk_bench_${crypto.randomBytes(4).toString("hex")}` : null;
  if (database) {
    await onServer((sql) => sql.unsafe(`CREATE DATABASE ${database}`));
    dropAtEnd.push(database);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FACTDESK_DATA_DIR: dataDir,
    DATABASE_URL: database ? databaseUrl(database) : "",
    ...(database ? { FACTDESK_DEMO_DATA: "true" } : {}),
    REDIS_URL: "",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const tsx = ["--import", "tsx", "--conditions=react-server"];
  if ((await run([...tsx, "scripts/prepare-db.ts"], env)).code !== 0) throw new Error("Preparing the database failed");
  const out = await run([...tsx, "bench/newsroom-fixtures.ts"], env);
  const line = out.stdout.split("\n").find((l) => l.startsWith("FIXTURES "));
  if (out.code !== 0 || !line) throw new Error("Adding the benchmark's checks and people failed");
  return { env, dataDir, database, fixtures: JSON.parse(line.slice("FIXTURES ".length)) as Fixtures };
}

/** Throwaway databases of this run, dropped by `dropDatabases`. */
const dropAtEnd: string[] = [];

/** Drops this run's throwaway databases (PostgreSQL only); call when every server is stopped. */
export async function dropDatabases(): Promise<void> {
  if (!databaseServer || dropAtEnd.length === 0) return;
  const names = dropAtEnd.splice(0);
  await onServer(async (sql) => {
    for (const name of names) await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** CPU time (µs) the PostgreSQL backends serving `server`'s database have used so far; null on the embedded database. */
export async function databaseCpuMicros(server: AppServer): Promise<number | null> {
  if (!server.database) return null;
  const pids = await onServer((sql) => sql<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ${server.database}`);
  let total = 0;
  for (const { pid } of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // gone since
    }
  }
  return total;
}

/** Serves `build` on `port` from a copy of the prepared database; `nodeArgs` go to Node (e.g. --cpu-prof). */
export async function serve(build: Build, port: number, prepared: Prepared, nodeArgs: string[] = []): Promise<AppServer> {
  const base = `http://127.0.0.1:${port}`;
  if (await answers(base)) throw new Error(`Something already answers on ${base}: stop it, or choose another port`);
  const dataDir = `${prepared.dataDir}-${build.name}`;
  fs.cpSync(prepared.dataDir, dataDir, { recursive: true });
  const database = prepared.database ? `${prepared.database}_${build.name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}` : null;
  if (database) {
    await onServer((sql) => sql.unsafe(`CREATE DATABASE ${database} TEMPLATE ${prepared.database}`));
    dropAtEnd.push(database);
  }
  const child = spawn(process.execPath, [...nodeArgs, "server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: build.root,
    env: { ...prepared.env, FACTDESK_DATA_DIR: dataDir, FACTDESK_DIST_DIR: build.distDir, FACTDESK_PUBLIC_URL: base, ...(database ? { DATABASE_URL: databaseUrl(database) } : {}) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  process.once("exit", () => child.kill("SIGTERM"));
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`The server of ${build.name} exited (${code}) before answering`))));
  const up = (async () => {
    for (let tries = 0; tries < 480; tries++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) return;
      } catch {
        // not yet
      }
      await sleep(250);
    }
    throw new Error(`${base} did not start`);
  })();
  await Promise.race([up, exited]);
  return { build, base, child, dataDir, database };
}

export async function stopServer(server: AppServer): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

/** Signs in with the demo password: the session cookie, as a Cookie header. */
export async function signIn(base: string, email: string): Promise<string> {
  let cookie = "";
  const take = (response: Response) => {
    for (const line of response.headers.getSetCookie()) cookie += `${cookie ? "; " : ""}${line.split(";")[0]}`;
  };
  const csrf = await fetch(`${base}/api/auth/csrf`);
  take(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "factdesk-demo", csrfToken, callbackUrl: "/desk" }),
  });
  take(response);
  if (!/session-token=/.test(cookie)) throw new Error(`Signing in as ${email} failed (${response.status})`);
  return cookie;
}

export function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

export function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(" ");
}
