/**
 * App servers of their own for end-to-end tests that need more than the one
 * playwright.config.ts starts: a throwaway PostgreSQL database on the server
 * `npm test` passes (FACTDESK_E2E_POSTGRES_URL), `server.mjs` processes on it,
 * and their health.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { expect } from "@playwright/test";

export const root = path.resolve(__dirname, "..");
const serverUrl = () => process.env.FACTDESK_E2E_POSTGRES_URL!;

/** Runs one statement on the PostgreSQL server (creating and dropping databases). */
export async function adminQuery(statement: string) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(serverUrl(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

/** Deletes what servers of `serverEnv(databaseUrl)` left in Redis (their page cache; live editing's keys). */
export async function dropRedisKeys(databaseUrl: string) {
  const { Redis } = await import("ioredis");
  const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${redisPrefixOf(databaseUrl)}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** The key prefix in Redis of the servers on one database (FACTDESK_REDIS_PREFIX). */
export function redisPrefixOf(databaseUrl: string) {
  return `factdesk-e2e-${new URL(databaseUrl).pathname.slice(1)}`;
}

/** A new database's name and URL (created by `create`, dropped with every connection by `drop`). */
export function throwawayDatabase(prefix: string) {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    create: () => adminQuery(`create database ${name}`),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/**
 * The environment of servers on one database: one session secret (a session from
 * one is valid on the others), the demo data, and `extra`. Their keys in Redis
 * (page cache, live editing; with REDIS_URL in `extra`) are named after the
 * database, so that runs side by side on one Redis never read each other's pages.
 */
export function serverEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: "",
    FACTDESK_REDIS_PREFIX: redisPrefixOf(databaseUrl),
    DATABASE_URL: databaseUrl,
    FACTDESK_DEMO_DATA: "true",
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

/** Migrates the database in `env` and loads the demo data, as `npm start` does first. */
export function prepareDatabase(env: NodeJS.ProcessEnv) {
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  expect(prepared.status, "migrating and loading the demo data").toBe(0);
}

export type AppServer = { process: ChildProcess; /** Its stderr, when kept. */ log: string };

/** Starts `server.mjs` on `url`'s port; `keepLog` collects its stderr instead of passing it on. */
export function startServer(url: string, env: NodeJS.ProcessEnv, { keepLog = false } = {}): AppServer {
  const child = spawn(process.execPath, ["server.mjs", "--port", new URL(url).port, "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...env, FACTDESK_PUBLIC_URL: url },
    stdio: ["ignore", "ignore", keepLog ? "pipe" : "inherit"],
  });
  const server: AppServer = { process: child, log: "" };
  child.stderr?.on("data", (chunk) => (server.log += chunk));
  return server;
}

/** Waits until the server answers /api/health with `status` (200: up; 503: up without its database). */
export async function waitForHealth(url: string, server: AppServer, status = 200) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null) throw new Error(`The server for ${url} exited (${server.process.exitCode})`);
    try {
      if ((await fetch(`${url}/api/health`)).status === status) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within a minute`);
}

export async function stopServers(servers: AppServer[]) {
  await Promise.all(
    servers.map(
      ({ process: server }) =>
        new Promise<void>((resolve) => {
          if (server.exitCode !== null) return resolve();
          server.once("exit", () => resolve());
          server.kill("SIGTERM");
        }),
    ),
  );
}

export type Cluster = {
  process: ChildProcess;
  /** nginx, in front of every instance. */
  url: string;
  instances: { url: string; pid: number }[];
  /** What the cluster printed on stderr (instances stopping, health changes). */
  log: string;
};

/**
 * `npm run cluster` (scripts/cluster.mjs, without building: the tests run on the
 * build they were given) on `port`, its instances on the ports after it, with `env`;
 * resolves once it says it is ready.
 */
export async function startCluster(port: number, env: NodeJS.ProcessEnv, { instances = 2 } = {}): Promise<Cluster> {
  const child = spawn(process.execPath, ["scripts/cluster.mjs", "--skip-build"], {
    cwd: root,
    env: { ...env, PORT: String(port), CLUSTER_INSTANCES: String(instances), FACTDESK_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const cluster: Cluster = { process: child, url: `http://127.0.0.1:${port}`, instances: [], log: "" };
  child.stderr!.on("data", (chunk) => {
    cluster.log += chunk;
    process.stderr.write(chunk);
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The cluster was not ready within three minutes:\n${out}\n${cluster.log}`)), 180_000);
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      for (const [, url, pid] of out.matchAll(/^instance \d+ (http:\/\/\S+) pid (\d+)$/gm)) {
        if (!cluster.instances.some((i) => i.url === url)) cluster.instances.push({ url: url!, pid: Number(pid) });
      }
      if (/^cluster ready /m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The cluster exited (${code}) before it was ready:\n${out}\n${cluster.log}`));
    });
  });
  return cluster;
}

/** Stops the cluster as Ctrl+C does, and waits for it (nginx and every instance) to be gone. */
export async function stopCluster(cluster: Cluster) {
  if (cluster.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    cluster.process.once("exit", () => resolve());
    cluster.process.kill("SIGINT");
  });
}
