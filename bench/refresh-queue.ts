/**
 * The editors' refresh queue against the size of the archive: p50/p95 of
 * `listRefreshQueue` (what /desk/refresh and GET /api/v1/refresh-queue call)
 * with 1,000, 10,000 and 30,000 published checks, on embedded PGlite and on
 * PostgreSQL, each figure also as a ratio to a primary-key lookup in the same
 * run. About 1 check in 40 needs attention (stale, reported or due within the
 * window), as in a newsroom that keeps up with its queue.
 *
 *   node --import tsx bench/refresh-queue.ts
 *
 * Environment: BENCH_SIZES (default "1000,10000,30000"), BENCH_ITERATIONS
 * (default 20), BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres;
 * a throwaway database is created there and dropped), BENCH_BACKENDS ("pglite,postgres").
 */
import "./server-only-stub";
import { eq, sql } from "drizzle-orm";
import type * as DbModule from "@/db";
import type * as RefreshModule from "@/lib/server/refresh";
import { benchBackends, measure, openBackend } from "./lib";

const SIZES = (process.env.BENCH_SIZES || "1000,10000,30000").split(",").map(Number);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 20);
const PG_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const timing = { warmup: 3, iterations: ITERATIONS };
const TOPICS = ["Health", "Education", "Energy", "Transport", "Housing", "Crime", "Economy", "Climate", "Elections", "Science"];

let dbModule: typeof DbModule;
let listRefreshQueue: typeof RefreshModule.listRefreshQueue;
type Db = import("@/db").Db;
type Actor = import("@/lib/server/actor").Actor;

/**
 * Adds published checks up to `total`, all in SQL: each with a revision, a live
 * version checked 0–400 days ago, and three cited sources. The site default
 * interval (90 days) applies, topics have no policy, and each check has its own
 * interval of 3,650 days except one in 40, so that about 1 in 40 is stale or due.
 * One source in 500 is retracted; one check in 200 has a scheduled refresh.
 */
async function grow(db: Db, actor: Actor, from: number, total: number): Promise<void> {
  const n = total - from;
  if (n <= 0) return;
  await db.execute(sql`
    insert into sources (url, normalized_url, title, status, status_changed_at, added_by_id)
    select 'https://example.org/bench/' || i, 'example.org/bench/' || i, 'Bench source ' || i,
           (case when i % 500 = 0 then 'retracted' else 'live' end)::source_status,
           case when i % 500 = 0 then now() - interval '1 day' end, ${actor.id}
    from generate_series(${from + 1}::int, ${total}::int) i`);
  await db.execute(sql`
    insert into fact_checks (slug, question, topic, summary, sections, related_questions, status, owner_id, refresh_interval_days, next_refresh_at)
    select 'bench-' || i, 'Bench question ' || i || '?', (${sql.param(TOPICS)}::text[])[1 + i % 10],
           '{"type":"doc","content":[]}'::jsonb, '[]'::jsonb, '[]'::jsonb, 'published', ${actor.id},
           case when i % 40 = 0 then null else 3650 end,
           case when i % 200 = 7 then now() + ((i % 30) || ' days')::interval end
    from generate_series(${from + 1}::int, ${total}::int) i`);
  await db.execute(sql`
    insert into revisions (fact_check_id, version, content, content_hash, created_by_id)
    select id, 1, jsonb_build_object('question', question, 'topic', topic, 'summary', summary, 'sections', sections, 'relatedQuestions', related_questions),
           md5(id), ${actor.id}
    from fact_checks where slug like 'bench-%' and live_version_id is null`);
  await db.execute(sql`
    insert into published_versions (fact_check_id, number, revision_id, slug, content, content_hash, sources_snapshot, checked_on, published_by_id)
    select f.id, 1, r.id, f.slug, r.content, r.content_hash, '{}'::jsonb,
           now() - ((substr(f.slug, 7)::int * 7919 % 400) || ' days')::interval, ${actor.id}
    from fact_checks f join revisions r on r.fact_check_id = f.id
    where f.slug like 'bench-%' and f.live_version_id is null`);
  await db.execute(sql`
    update fact_checks f set live_version_id = v.id, checked_on = v.checked_on
    from published_versions v where v.fact_check_id = f.id and f.live_version_id is null and f.slug like 'bench-%'`);
  await db.execute(sql`
    insert into published_citations (version_id, source_id)
    select distinct v.id, s.id
    from published_versions v
    cross join lateral (select generate_series(0, 2) k) g
    join sources s on s.normalized_url = 'example.org/bench/' || (1 + ((substr(v.slug, 7)::int * 31 + g.k * 977) % ${total}))
    where v.slug like 'bench-%' and substr(v.slug, 7)::int > ${from}`);
  await db.execute(sql`vacuum analyze`);
}

async function runOn(kind: "pglite" | "postgres") {
  const { handle, drop } = await openBackend(dbModule, kind, { pgUrl: PG_URL });
  dbModule.useDatabase(handle);
  const db = handle.db;
  try {
    const [user] = await db
      .insert(dbModule.schema.users)
      .values({ email: `bench-editor-${Date.now()}@factdesk.test`, name: "Bench Editor", passwordHash: "x", role: "editor" })
      .returning();
    const actor: Actor = { id: user!.id, email: user!.email, name: user!.name, role: user!.role };
    console.log(`\n## ${kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL"}, ${ITERATIONS} iterations each\n`);
    console.log("| published checks | in the queue | PK lookup p50 | queue p50 | queue p95 | p50 ÷ PK p50 |");
    console.log("| ---: | ---: | ---: | ---: | ---: | ---: |");
    let size = 0;
    for (const target of SIZES) {
      await grow(db, actor, size, target);
      size = target;
      const pk = await measure(() => db.select().from(dbModule.schema.users).where(eq(dbModule.schema.users.id, actor.id)).limit(1), timing);
      let items = 0;
      const queue = await measure(async () => {
        items = (await listRefreshQueue({ actor })).items.length;
      }, timing);
      console.log(
        `| ${size.toLocaleString("en-US")} | ${items.toLocaleString("en-US")} | ${pk.p50.toFixed(2)} ms | ${queue.p50.toFixed(1)} ms | ${queue.p95.toFixed(1)} ms | ${(queue.p50 / pk.p50).toFixed(0)}× |`,
      );
    }
  } finally {
    await dbModule.closeDb();
    await drop();
  }
}

async function main() {
  dbModule = await import("@/db");
  ({ listRefreshQueue } = await import("@/lib/server/refresh"));
  for (const kind of benchBackends()) await runOn(kind);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
