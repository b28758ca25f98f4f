/**
 * `npm start` with a database that exists already and a build that is up to
 * date: from spawning `node scripts/start.mjs` to the first 200 of
 * `/api/health`; against the same server started alone (`node server.mjs`,
 * no build check and no database step), measured in the same rounds,
 * alternately. The first start of the run builds the app if its sources
 * changed, prepares the database, and is not counted.
 *
 *   node --import tsx bench/startup.ts
 *
 * Environment: BENCH_ROUNDS (5), BENCH_PORT (3530). Loopback only.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const PORT = Number(process.env.BENCH_PORT || 3530);
const base = `http://127.0.0.1:${PORT}`;

async function startAndStop(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited (${code}) before answering`))));
  exited.catch(() => {});
  try {
    const answered = (async () => {
      while (performance.now() - t0 < timeoutMs) {
        try {
          const response = await fetch(`${base}/api/health`);
          if (response.status === 200) return performance.now() - t0;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`${args.join(" ")} did not answer within ${timeoutMs / 1000} s`);
    })();
    return await Promise.race([answered, exited]);
  } finally {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-startup-bench-"));
  const env = { ...process.env, PORT: String(PORT), FACTDESK_DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", AUTH_SECRET: "bench-startup-secret-0123456789abcdef", NEXT_TELEMETRY_DISABLED: "1" };
  console.log(`Startup benchmark, ${ROUNDS} rounds; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  try {
    // Builds when needed, creates and fills the database: not counted.
    await startAndStop(["scripts/start.mjs"], env, 30 * 60_000);
    const serverArgs = ["server.mjs", "--port", String(PORT), "--hostname", "127.0.0.1"];
    const serverEnv = { ...env, AUTH_TRUST_HOST: "true" };
    const start: number[] = [];
    const alone: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2) {
        alone.push(await startAndStop(serverArgs, serverEnv));
        start.push(await startAndStop(["scripts/start.mjs"], env));
      } else {
        start.push(await startAndStop(["scripts/start.mjs"], env));
        alone.push(await startAndStop(serverArgs, serverEnv));
      }
      console.log(`round ${round + 1}: npm start ${Math.round(start.at(-1)!)} ms, server.mjs alone ${Math.round(alone.at(-1)!)} ms`);
    }
    const ratios = start.map((s, i) => s / alone[i]!);
    console.log(
      `JSON ${JSON.stringify({
        npmStartMs: Math.round(median(start)),
        serverAloneMs: Math.round(median(alone)),
        "npm start ÷ server alone (median of rounds)": Math.round(median(ratios) * 100) / 100,
        loadAverageAfter: os.loadavg().map((l) => l.toFixed(2)).join(" "),
      })}`,
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
