/**
 * Load generators for the HTTP benchmarks: wrk (C, one thread by default),
 * which measures the server, and autocannon, kept for comparison. autocannon's
 * client decodes every response body into a JavaScript string
 * (`req.body += data`), so past a few thousand requests a second it measures
 * its own work on the bytes more than the server's (bench/load-generators.ts).
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";

export type Generator = "wrk" | "autocannon";
/** `cookies`: a file of Cookie headers, one a line, sent in turn (wrk only: bench/wrk-cookies.lua). */
export type LoadOptions = { connections: number; duration: number; headers?: Record<string, string>; cookies?: string };
/**
 * `non2xx`: answers of 400 and above; `errors`: failed connections, reads and writes;
 * `timeouts`: requests unanswered after 2 s (wrk's limit; autocannon's default 10 s),
 * which a machine busy with other work causes as much as the server.
 */
export type Measured = { requests: number; requestsPerSec: number; p99Ms: number; non2xx: number; errors: number; timeouts: number };

const WRK = process.env.BENCH_WRK || "wrk";
export const WRK_THREADS = Number(process.env.BENCH_WRK_THREADS || 1);
const report = path.join(path.dirname(new URL(import.meta.url).pathname), "wrk-report.lua");
const withCookies = path.join(path.dirname(new URL(import.meta.url).pathname), "wrk-cookies.lua");

/** Throws, saying how to install it, when there is no wrk to run. */
export function requireWrk(): void {
  if (spawnSync(WRK, ["-v"]).error) throw new Error(`No load generator: install wrk (apt-get install -y wrk) or set BENCH_WRK to its path`);
}

/** wrk against one address, reporting through bench/wrk-report.lua ("status" errors: answers of 400 and above). */
async function wrkLoad(url: string, { connections, duration, headers = {}, cookies }: LoadOptions): Promise<Measured> {
  const args = [`-t${WRK_THREADS}`, `-c${connections}`, `-d${duration}s`, "-s", cookies ? withCookies : report];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
  const env = cookies ? { ...process.env, WRK_COOKIES: cookies } : process.env;
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(WRK, [...args, url], { env }, (error, out, err) => (error ? reject(new Error(`wrk failed on ${url}: ${err || error.message}`)) : resolve(out))),
  );
  const line = stdout.split("\n").find((l) => l.startsWith("WRK "));
  if (!line) throw new Error(`wrk reported nothing on ${url}: ${stdout.slice(-500)}`);
  const r = JSON.parse(line.slice(4)) as { requests: number; durationUs: number; p99Us: number; status: number; connect: number; read: number; write: number; timeout: number };
  return {
    requests: r.requests,
    requestsPerSec: Math.round(r.requests / (r.durationUs / 1e6)),
    p99Ms: Math.round(r.p99Us / 100) / 10,
    non2xx: r.status,
    errors: r.connect + r.read + r.write,
    timeouts: r.timeout,
  };
}

async function autocannonLoad(url: string, { connections, duration, headers, cookies }: LoadOptions): Promise<Measured> {
  if (cookies) throw new Error("Cookies in turn are for wrk only");
  const result = await autocannon({ url, connections, duration, headers });
  return {
    requests: result.requests.total,
    requestsPerSec: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    // autocannon counts timeouts among its errors.
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
  };
}

/** CPU time (user and system) a process has used, in µs; null where /proc does not tell. */
function cpuMicros(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    // utime and stime (fields 14 and 15 of the line) are in clock ticks, 100 a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/** One run of `generator` on `url`, with the CPU the server (process `pid`) spent per request, in µs. */
export async function loadServer(
  generator: Generator,
  url: string,
  options: LoadOptions,
  pid: number | undefined,
): Promise<Measured & { serverCpuUsPerRequest: number | null }> {
  const before = cpuMicros(pid);
  const measured = generator === "autocannon" ? await autocannonLoad(url, options) : await wrkLoad(url, options);
  const after = cpuMicros(pid);
  const serverCpuUsPerRequest = before === null || after === null ? null : Math.round((after - before) / Math.max(1, measured.requests));
  return { ...measured, serverCpuUsPerRequest };
}

/** The median of per-run figures, rounded; null when a run has none (no /proc). */
export function medianOrNull(values: (number | null)[]): number | null {
  return values.every((v) => v !== null) ? Math.round(median(values as number[])) : null;
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
