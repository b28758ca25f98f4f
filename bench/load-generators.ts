/**
 * What do the load generators measure? A bare Node.js HTTP server (a child
 * process, one core) answers with fixed bodies of the sizes the published-page
 * benchmark sees: /about and the published demo check, compressed (2,783 and
 * 5,415 B) and not (11,066 and 25,912 B), each as ASCII text, as text with a
 * few other characters (a "’" every 2 KB, as in the app's pages) and as random
 * bytes (like compressed data), under the app's response headers. wrk and
 * autocannon (50 connections each) load every body in alternating short runs.
 *
 * The server's work per request hardly depends on the bytes' content; a load
 * generator whose figures do is measuring itself. Prints req/s and the
 * server's CPU per request for each, and the ratios the published-page
 * benchmark takes (published ÷ /about) under both generators.
 *
 *   npm run bench:load-generators     (needs wrk: apt-get install -y wrk)
 *
 * Environment: BENCH_PORT (default 3195), BENCH_DURATION seconds per run
 * (default 2), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 50).
 */
import { spawn } from "node:child_process";
import { loadServer, median, medianOrNull, requireWrk, type Generator, type LoadOptions } from "./load";

const PORT = Number(process.env.BENCH_PORT || 3195);
const DURATION = Number(process.env.BENCH_DURATION || 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);

const SIZES = { "about gzip": 2_783, "published gzip": 5_415, about: 11_066, published: 25_912 } as const;
const CONTENTS = ["ascii", "utf-8", "binary"] as const;
type Body = { name: string; size: number; content: (typeof CONTENTS)[number] };
const bodies: Body[] = Object.entries(SIZES).flatMap(([name, size]) => CONTENTS.map((content) => ({ name, size, content })));

// The server: every body built once, answered with the headers the app's response cache replays.
const serverCode = `
const http = require("node:http");
const crypto = require("node:crypto");
const bodies = new Map();
for (const { name, size, content } of ${JSON.stringify(bodies)}) {
  const line = "<p>Checked on November 27, 2026, against the district’s own figures.</p>\\n";
  const unit = content === "ascii" ? line.replace("’", "'") : line + "<p>The figures.</p>\\n".repeat(100);
  const body = content === "binary" ? crypto.randomBytes(size) : Buffer.from(unit.repeat(Math.ceil(size / unit.length) + 1)).subarray(0, size);
  bodies.set("/" + encodeURIComponent(name + " " + content), body);
}
const headers = [["x-content-type-options", "nosniff"], ["referrer-policy", "strict-origin-when-cross-origin"], ["x-frame-options", "DENY"],
  ["vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding"], ["x-nextjs-cache", "HIT"],
  ["x-nextjs-prerender", "1"], ["x-nextjs-stale-time", "300"], ["cache-control", "s-maxage=3600"], ["content-type", "text/html; charset=utf-8"], ["x-factdesk-cache", "HIT"]];
http.createServer((req, res) => {
  const body = bodies.get(req.url);
  if (!body) { res.statusCode = 404; return res.end(); }
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader("content-length", body.length);
  res.end(body);
}).listen(${PORT}, "127.0.0.1", () => console.log("ready"));
`;

const generators: Generator[] = ["wrk", "autocannon"];
const pathOf = (b: Body) => `/${encodeURIComponent(`${b.name} ${b.content}`)}`;
const key = (b: Body, g: Generator) => `${b.name} ${b.content} ${g}`;

async function main() {
  requireWrk();
  const server = spawn(process.execPath, ["-e", serverCode], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    server.stdout.once("data", () => resolve());
    server.once("exit", (code) => reject(new Error(`The server stopped (exit ${code}): is port ${PORT} taken?`)));
  });
  try {
    const options: LoadOptions = { connections: CONNECTIONS, duration: DURATION };
    const runs = new Map<string, Awaited<ReturnType<typeof loadServer>>[]>();
    const measure = async (b: Body, g: Generator, duration = DURATION) => {
      const m = await loadServer(g, `http://127.0.0.1:${PORT}${pathOf(b)}`, { ...options, duration }, server.pid);
      if (m.errors || m.non2xx || m.timeouts) throw new Error(`${key(b, g)}: errors under load (${m.non2xx} answers of 400 and above, ${m.errors} failed connections, ${m.timeouts} timeouts)`);
      return m;
    };
    for (const g of generators) await measure(bodies[0]!, g, 1); // warm-up
    const order = bodies.flatMap((b) => generators.map((g) => [b, g] as const));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [b, g] of round % 2 ? order : [...order].reverse()) {
        const list = runs.get(key(b, g)) ?? [];
        list.push(await measure(b, g));
        runs.set(key(b, g), list);
      }
    }
    const rps = (b: Body, g: Generator) => Math.round(median(runs.get(key(b, g))!.map((r) => r.requestsPerSec)));
    const cpu = (b: Body, g: Generator) => medianOrNull(runs.get(key(b, g))!.map((r) => r.serverCpuUsPerRequest));
    console.log(`Load generators: a bare Node.js server, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION}s, node ${process.version}`);
    console.table(
      bodies.map((b) => ({
        body: `${b.name} (${b.size} B)`,
        content: b.content,
        "wrk req/s": rps(b, "wrk"),
        "autocannon req/s": rps(b, "autocannon"),
        "server CPU µs/req (wrk)": cpu(b, "wrk"),
        "server CPU µs/req (autocannon)": cpu(b, "autocannon"),
      })),
    );
    const find = (name: string, content: Body["content"]) => bodies.find((b) => b.name === name && b.content === content)!;
    const ratio = (a: Body, b: Body, g: Generator) => (rps(a, g) / rps(b, g)).toFixed(2);
    for (const [label, a, b] of [
      ["published ÷ /about, compressed (random bytes)", find("published gzip", "binary"), find("about gzip", "binary")],
      ["published ÷ /about, uncompressed (text with a few non-ASCII characters, as the app's pages)", find("published", "utf-8"), find("about", "utf-8")],
      ["published ÷ /about, uncompressed (ASCII text)", find("published", "ascii"), find("about", "ascii")],
      ["the uncompressed published page, a few non-ASCII characters ÷ ASCII", find("published", "utf-8"), find("published", "ascii")],
      ["the compressed published page, random bytes ÷ ASCII text of the same size", find("published gzip", "binary"), find("published gzip", "ascii")],
    ] as const) {
      console.log(`${label}: wrk ${ratio(a, b, "wrk")}, autocannon ${ratio(a, b, "autocannon")}`);
    }
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
