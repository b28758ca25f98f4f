/**
 * The SQL statements one newsroom page costs on PostgreSQL: the built app
 * serves each address N times, every statement its database connections run
 * meanwhile is logged by PostgreSQL with its time (`log_min_duration_statement=0`,
 * set for this app's connections only, through the connection URL), and the
 * log is read back: statements per request, their time per request, and the
 * statements that take the most, grouped by text.
 *
 *   npx next build && node --import tsx bench/queries.ts [editor|desk|inbox|search|api ...]
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * a throwaway database is made there), BENCH_PG_LOG (the server's log file,
 * default Debian's /var/log/postgresql/postgresql-15-main.log, which needs
 * `log_line_prefix` to start with the time and `[pid]`, as Debian's does),
 * BENCH_REQUESTS (10 a page), BENCH_PORT (3590). Loopback only.
 */
import fs from "node:fs";
import postgres from "postgres";

const LOG = process.env.BENCH_PG_LOG || "/var/log/postgresql/postgresql-15-main.log";
const REQUESTS = Number(process.env.BENCH_REQUESTS || 10);
const PORT = Number(process.env.BENCH_PORT || 3590);
const server = new URL(process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
server.searchParams.set("log_min_duration_statement", "0");
// Read by bench/newsroom-server.ts when it is loaded: every connection of the app (and of the preparation) logs.
process.env.BENCH_DATABASE_URL = server.toString();

type Statement = { pid: string; ms: number; text: string };

/** The `duration: … ms  execute …: <text>` lines of the log written after `from` (extended protocol: the execute step). */
function statementsSince(from: number): Statement[] {
  const text = fs.readFileSync(LOG, "utf8").slice(from);
  const out: Statement[] = [];
  for (const m of text.matchAll(/^\S+ \S+ \S+ \[(\d+)\] \S+ LOG:\s+duration: ([\d.]+) ms\s+(?:statement|execute [^:]*): ([\s\S]*?)(?=^\S+ \S+ \S+ \[|(?![\s\S]))/gm)) {
    out.push({ pid: m[1]!, ms: Number(m[2]), text: m[3]!.replace(/\s+/g, " ").trim() });
  }
  return out;
}

async function main() {
  if (!fs.existsSync(LOG)) throw new Error(`No PostgreSQL log at ${LOG}: set BENCH_PG_LOG`);
  const { buildsFromEnv, dropDatabases, prepareDatabase, serve, signIn, stopServer } = await import("./newsroom-server");
  const [build] = buildsFromEnv();
  const prepared = await prepareDatabase();
  const app = await serve(build!, PORT, prepared);
  const admin = postgres(process.env.BENCH_DATABASE_URL!.replace(/\?.*$/, ""), { max: 1, onnotice: () => {} });
  try {
    const cookie = await signIn(app.base, prepared.fixtures.editors[0]!);
    const pages: Record<string, string> = {
      editor: `/desk/fact-checks/${prepared.fixtures.large}`,
      desk: "/desk",
      inbox: "/inbox",
      search: "/sources?q=health",
      api: `/api/v1/fact-checks/${prepared.fixtures.large}`,
    };
    const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(pages);
    const get = async (path: string) => {
      const response = await fetch(app.base + path, { headers: { cookie }, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    };
    for (const name of chosen) {
      const path = pages[name] ?? name;
      for (let i = 0; i < 3; i++) await get(path);
      const from = fs.statSync(LOG).size;
      for (let i = 0; i < REQUESTS; i++) await get(path);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The app's request connections, not its job workers' polling (which uses another client).
      const pids = new Set((await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${app.database} and application_name not like 'pg-boss%'`).map((r) => String(r.pid)));
      const statements = statementsSince(from).filter((s) => pids.has(s.pid) && !/pgboss\./.test(s.text));
      const byText = new Map<string, { n: number; ms: number }>();
      for (const s of statements) {
        const entry = byText.get(s.text) ?? { n: 0, ms: 0 };
        entry.n += 1;
        entry.ms += s.ms;
        byText.set(s.text, entry);
      }
      const total = statements.reduce((sum, s) => sum + s.ms, 0);
      console.log(`\n## ${name} (${path}): ${(statements.length / REQUESTS).toFixed(1)} statements a request, ${(total / REQUESTS).toFixed(2)} ms of them a request\n`);
      for (const [text, e] of [...byText].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
        console.log(`- ${(e.n / REQUESTS).toFixed(1)}× ${(e.ms / REQUESTS).toFixed(2)} ms: ${text.slice(0, 140)}`);
      }
    }
  } finally {
    await admin.end();
    await stopServer(app);
    await dropDatabases();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
