#!/usr/bin/env node
// `npm run cluster`: a local cluster as docs/deployment.md describes one.
// With DATABASE_URL and REDIS_URL set: builds if sources changed, migrates
// once, starts CLUSTER_INSTANCES app instances (default 2) on loopback ports
// PORT+1, PORT+2, …, then nginx on PORT (default 3000) in front of them with
// deploy/nginx's configuration (its files under a temporary directory), and
// stops them all on Ctrl+C or SIGTERM.
//
// While it runs it polls each instance's /api/health every 2 s and takes one
// that fails out of nginx's list (marked `down`, nginx reloaded) until it
// answers again: open-source nginx has no active health checks of its own.
//
//   node scripts/cluster.mjs [--skip-build]
//
// It prints one line per instance, `instance <n> http://127.0.0.1:<port> pid <pid>`,
// then `cluster ready http://…`; the end-to-end test reads them.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { distDir, ensureAuthSecret, ensureBuild, nodeBin, root, run, tsxArgs } from "./lib.mjs";
import { findNginx, startNginx, testNginxConfig, waitForHttp, writeNginxConfig } from "./nginx.mjs";

const skipBuild = process.argv.includes("--skip-build");
const HEALTH_EVERY_MS = 2_000;

function fail(message) {
  console.error(message);
  process.exit(1);
}

const port = Number(process.env.PORT || 3000);
const count = Number(process.env.CLUSTER_INSTANCES || 2);
if (!Number.isInteger(port) || port < 1 || port > 65_535 - count) fail(`PORT must be a port number with ${count} free ones after it (got ${process.env.PORT})`);
if (!Number.isInteger(count) || count < 1 || count > 32) fail(`CLUSTER_INSTANCES must be a whole number from 1 to 32 (got ${process.env.CLUSTER_INSTANCES})`);
if (!process.env.DATABASE_URL?.trim()) fail("npm run cluster needs DATABASE_URL (PostgreSQL: the instances share it; the embedded database serves one process).");
if (!process.env.REDIS_URL?.trim()) fail("npm run cluster needs REDIS_URL (the instances share their page cache and live editing through it).");
const nginx = findNginx();
if (!nginx) fail("npm run cluster needs nginx (Debian: apt-get install -y nginx-light; or set NGINX_BIN).");

const dataDir = path.resolve(root, process.env.FACTDESK_DATA_DIR || ".data");
const publicUrl = process.env.FACTDESK_PUBLIC_URL || `http://localhost:${port}`;
// The instances believe nginx (on loopback) about the reader's address, besides any proxy already listed.
const trusted = [process.env.FACTDESK_TRUSTED_PROXIES, "127.0.0.1", "::1"].filter(Boolean).join(", ");
const env = {
  ...process.env,
  FACTDESK_DATA_DIR: dataDir,
  AUTH_SECRET: ensureAuthSecret(dataDir),
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  FACTDESK_PUBLIC_URL: publicUrl,
  FACTDESK_TRUSTED_PROXIES: trusted,
};
const ports = Array.from({ length: count }, (_, i) => port + 1 + i);

/** @type {{ port: number, child: import("node:child_process").ChildProcess }[]} */
const instances = [];
/** @type {import("node:child_process").ChildProcess | null} */
let nginxProcess = null;
let prefix = "";
let stopping = false;
/** @type {NodeJS.Timeout | undefined} */
let monitor;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  clearInterval(monitor);
  const exited = (child) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve)));
  // nginx first (no new requests), then the instances, which store open live documents on their way out.
  if (nginxProcess) {
    nginxProcess.kill("SIGQUIT");
    const killer = setTimeout(() => nginxProcess?.kill("SIGKILL"), 5_000);
    await exited(nginxProcess);
    clearTimeout(killer);
  }
  for (const { child } of instances) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(instances.map(({ child }) => exited(child)));
  if (prefix) fs.rmSync(prefix, { recursive: true, force: true });
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stopAll(0));

async function healthy(url) {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1_500) })).status === 200;
  } catch {
    return false;
  }
}

async function main() {
  if (!skipBuild) {
    const built = await ensureBuild(env);
    if (built !== 0) return stopAll(built);
  }
  // Migrations (and demo data when asked for) once, before any instance starts.
  const prepared = await run(nodeBin, [...tsxArgs, "--conditions=react-server", "scripts/prepare-db.ts"], { env });
  if (prepared !== 0) return stopAll(prepared);

  for (const [i, instancePort] of ports.entries()) {
    const child = spawn(nodeBin, ["server.mjs", "--port", String(instancePort), "--hostname", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    instances.push({ port: instancePort, child });
    child.on("exit", (code, signal) => {
      if (!stopping) console.error(`instance ${i + 1} (port ${instancePort}) stopped (${signal ?? `exit code ${code}`}); nginx sends its requests to the others`);
    });
  }
  const deadline = Date.now() + 120_000;
  for (const { port: instancePort, child } of instances) {
    while (!(await healthy(`http://127.0.0.1:${instancePort}`))) {
      if (child.exitCode !== null) throw new Error(`The instance on port ${instancePort} exited (${child.exitCode}) before it was ready`);
      if (Date.now() > deadline) throw new Error(`The instance on port ${instancePort} was not ready within two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  prefix = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-nginx-"));
  const staticDir = path.join(distDir(), "static");
  let down = new Set();
  const configure = () => writeNginxConfig({ prefix, listen: `127.0.0.1:${port}`, ports, down, staticDir, workers: process.env.CLUSTER_NGINX_WORKERS || "auto" });
  const { brotli } = configure();
  testNginxConfig(nginx.path, prefix);
  nginxProcess = startNginx(nginx.path, prefix);
  nginxProcess.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`nginx stopped (${signal ?? `exit code ${code}`}); stopping the cluster (its log: ${path.join(prefix, "error.log")})`);
    void stopAll(1);
  });
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, { process: nginxProcess });

  for (const [i, { port: instancePort, child }] of instances.entries()) console.log(`instance ${i + 1} http://127.0.0.1:${instancePort} pid ${child.pid}`);
  console.log(`nginx ${nginx.version}${brotli ? " with brotli" : ""} pid ${nginxProcess.pid}, files in ${prefix}`);
  console.log(`cluster ready http://127.0.0.1:${port} (${publicUrl}), ${count} instance${count === 1 ? "" : "s"}; Ctrl+C stops it`);

  // Active health checks: an instance failing /api/health leaves nginx's list until it answers again.
  let checking = false;
  monitor = setInterval(async () => {
    if (checking || stopping) return;
    checking = true;
    try {
      const results = await Promise.all(ports.map((p) => healthy(`http://127.0.0.1:${p}`)));
      const nowDown = new Set(ports.filter((_, i) => !results[i]));
      const changed = nowDown.size !== down.size || [...nowDown].some((p) => !down.has(p));
      if (changed && !stopping) {
        for (const p of ports) {
          if (nowDown.has(p) && !down.has(p)) console.error(`instance on port ${p} fails /api/health: out of nginx's list`);
          if (!nowDown.has(p) && down.has(p)) console.error(`instance on port ${p} answers /api/health again: back in nginx's list`);
        }
        down = nowDown;
        configure();
        nginxProcess?.kill("SIGHUP");
      }
    } finally {
      checking = false;
    }
  }, HEALTH_EVERY_MS);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});
