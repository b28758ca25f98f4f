/**
 * Source library at 100,000 sources: p50/p95 of searches (a rare word, a
 * common word, a common prefix as typed, two words, a domain) and of opening a
 * source page, through the same domain functions the pages call, on embedded
 * PGlite and on PostgreSQL. Every figure is also given as a ratio to a
 * primary-key lookup measured in the same run, so runs on different machines
 * compare.
 *
 *   node --import tsx bench/sources-search.ts          (or: npm run bench:sources)
 *
 * Environment: BENCH_SOURCES (default 100000), BENCH_ITERATIONS (default 200),
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; a
 * throwaway database is created there and dropped), BENCH_BACKENDS
 * ("pglite,postgres"), BENCH_KEEP_DB=1 (keep the PostgreSQL database to study plans).
 */
import "./server-only-stub";
import { performance } from "node:perf_hooks";
import { benchBackends, measure as measureCalls, openBackend, type Stats } from "./lib";


const SOURCES = Number(process.env.BENCH_SOURCES || 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 200);
const PG_URL = process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432/postgres";

import { eq, sql } from "drizzle-orm";
import type * as DbModule from "@/db";
import type * as SourceSearchModule from "@/lib/server/source-search";
import type * as SourcesModule from "@/lib/server/sources";

let dbModule: typeof DbModule;
let schema: typeof DbModule.schema;
let searchSources: typeof SourceSearchModule.searchSources;
let getSource: typeof SourcesModule.getSource;

type Db = import("@/db").Db;
const measure = (fn: (i: number) => Promise<unknown>) => measureCalls(fn, { warmup: 20, iterations: ITERATIONS });
type Actor = import("@/lib/server/actor").Actor;

// Newsroom-ish vocabulary; the first words are drawn far more often (the common word is VOCAB[0]).
const VOCAB = (
  "health report data study policy election climate budget city national survey public school water energy " +
  "transport housing tax court police vaccine hospital market price income crime border minister council " +
  "research agency annual review statistics office federal state county program analysis emissions rainfall " +
  "inflation wages unemployment migration census schools teachers students nurses doctors patients insurance " +
  "pension retirement drought flood wildfire storm coastline farming harvest fisheries forestry mining oil gas " +
  "electricity solar wind nuclear grid battery vehicle traffic cycling railway airport shipping port tourism " +
  "museum library broadband internet privacy security military defence treaty trade tariff export import " +
  "currency debt deficit spending revenue audit inquiry hearing testimony verdict appeal ruling regulation " +
  "license permit zoning planning construction bridge tunnel highway pothole sewage recycling waste landfill " +
  "pollution air quality noise heat cold snow ice glacier ocean river lake wetland species wildlife habitat " +
  "parks beaches fishing hunting sport stadium league match tournament coach athlete doping transfer salary " +
  "ticket concert festival theatre film television radio newspaper magazine podcast social media platform " +
  "algorithm moderation misinformation rumour hoax claim quote speech interview poll ballot turnout candidate " +
  "party coalition parliament senate assembly mayor governor president cabinet ministry department bureau " +
  "commission authority institute university hospital clinic pharmacy prescription dosage trial outbreak " +
  "infection mortality obesity diabetes cancer heart stroke dementia smoking alcohol drugs overdose prison"
).split(" ");
const PUBLISHERS = Array.from({ length: 60 }, (_, i) => `${VOCAB[(i * 7) % 120]!.replace(/^./, (c) => c.toUpperCase())} ${["Institute", "Office", "Agency", "Times", "Review", "Bureau"][i % 6]}`);
const RARE = "zephyrine";
// 500 publishers' domains, e.g. "healthsurvey.org".
const DOMAINS = Array.from({ length: 500 }, (_, i) => `${VOCAB[i % 97]}${VOCAB[100 + ((i * 13) % 150)]}.${["org", "com", "gov", "net", "example"][i % 5]}`);
const COMMON = VOCAB[0]!;

/** Deterministic generator (mulberry32), so every run loads the same library. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function rows<T>(db: Db, statement: import("drizzle-orm").SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Loads the library in batches with one INSERT … SELECT FROM unnest(arrays) each (a few parameters per batch). */
async function load(db: Db): Promise<{ actor: Actor; sampleIds: string[]; citedIds: string[] }> {
  const random = rng(42);
  const word = (skew: number) => VOCAB[Math.floor(VOCAB.length * Math.pow(random(), skew))]!;
  const words = (n: number, skew: number) => Array.from({ length: n }, () => word(skew)).join(" ");
  const [user] = await db
    .insert(schema.users)
    .values({ email: `bench-${Date.now()}@factdesk.test`, name: "Bench Writer", passwordHash: "x", role: "editor" })
    .returning();
  const actor: Actor = { id: user!.id, email: user!.email, name: user!.name, role: user!.role };
  const start = Date.UTC(2022, 0, 1);
  const BATCH = 10_000;
  for (let offset = 0; offset < SOURCES; offset += BATCH) {
    const cols = { url: [] as string[], title: [] as string[], publisher: [] as string[], author: [] as string[], notes: [] as string[], created: [] as string[], updated: [] as string[], verified: [] as string[] };
    for (let i = offset; i < Math.min(offset + BATCH, SOURCES); i++) {
      let title = words(4 + Math.floor(random() * 5), 2);
      if (i % 10_007 === 3) title += ` ${RARE}`;
      title = title.replace(/^./, (c) => c.toUpperCase());
      const created = start + Math.floor(random() * 3 * 365 * 86_400_000);
      const updated = created + Math.floor(random() * 90 * 86_400_000);
      cols.url.push(`https://www.${DOMAINS[i % DOMAINS.length]}/${words(3, 1).replace(/ /g, "-")}/${i}`);
      cols.title.push(title);
      cols.publisher.push(PUBLISHERS[Math.floor(random() * PUBLISHERS.length)]!);
      cols.author.push(random() < 0.5 ? `${word(1)} ${word(1)}`.replace(/\b./g, (c) => c.toUpperCase()) : "");
      cols.notes.push(random() < 0.6 ? words(8 + Math.floor(random() * 12), 1) : "");
      cols.created.push(new Date(created).toISOString());
      cols.updated.push(new Date(updated).toISOString());
      cols.verified.push(new Date(updated).toISOString().slice(0, 10));
    }
    await db.execute(sql`
      insert into sources (url, normalized_url, title, publisher, author, notes, created_at, updated_at, last_verified_on, added_by_id)
      select u, u, t, p, nullif(a, ''), nullif(n, ''), c::timestamptz, up::timestamptz, v::date, ${actor.id}
      from unnest(${sql.param(cols.url)}::text[], ${sql.param(cols.title)}::text[], ${sql.param(cols.publisher)}::text[],
                  ${sql.param(cols.author)}::text[], ${sql.param(cols.notes)}::text[], ${sql.param(cols.created)}::text[],
                  ${sql.param(cols.updated)}::text[], ${sql.param(cols.verified)}::text[])
        as x(u, t, p, a, n, c, up, v)`);
  }
  // Each source's creation in its history; 300 checks citing 5 sources each among the first 3,000.
  await db.execute(sql`insert into source_history (source_id, actor_id, at, changes)
    select id, ${actor.id}, created_at, jsonb_build_object('title', jsonb_build_object('from', null, 'to', title)) from sources`);
  const pool = (await rows<{ id: string }>(db, sql`select id from sources order by created_at limit 3000`)).map((r) => r.id);
  const citedIds: string[] = [];
  for (let c = 0; c < 300; c++) {
    const sectionId = `s-${c}`;
    const [check] = await db
      .insert(schema.factChecks)
      .values({
        slug: `bench-check-${c}`,
        question: `Bench check ${c}?`,
        summary: { type: "doc", content: [{ type: "paragraph" }] },
        sections: [{ id: sectionId, heading: "Evidence", body: { type: "doc", content: [{ type: "paragraph" }] } }],
        relatedQuestions: [],
        ownerId: actor.id,
      })
      .returning({ id: schema.factChecks.id });
    const picked = new Set(Array.from({ length: 5 }, () => pool[Math.floor(random() * pool.length)]!));
    await db.insert(schema.citations).values([...picked].map((sourceId) => ({ factCheckId: check!.id, sourceId, location: sectionId })));
    citedIds.push(...picked);
  }
  // What autovacuum would have done by now: flush the GIN pending list, gather statistics.
  await db.execute(sql`vacuum analyze`);
  const sampleIds = (await rows<{ id: string }>(db, sql`select id from sources order by md5(id) limit 500`)).map((r) => r.id);
  return { actor, sampleIds, citedIds };
}

async function runOn(kind: "pglite" | "postgres") {
  const { handle, drop } = await openBackend(dbModule, kind, { pgUrl: PG_URL, keep: !!process.env.BENCH_KEEP_DB });
  dbModule.useDatabase(handle);
  try {
    const t0 = performance.now();
    const { actor, sampleIds, citedIds } = await load(handle.db);
    const loadSeconds = (performance.now() - t0) / 1000;
    const db = handle.db;
    const pick = (list: string[], i: number) => list[(i * 7919) % list.length]!;

    const count = async (q: string) =>
      Number((await rows<{ n: number }>(db, sql`select count(*)::int as n from sources where search @@ to_tsquery('english', ${q})`))[0]!.n);
    const matches = { rare: await count(RARE), common: await count(`${COMMON}:*`) };

    const results: [string, Stats][] = [];
    const pk = await measure((i) => db.select().from(schema.sources).where(eq(schema.sources.id, pick(sampleIds, i))).limit(1));
    results.push(["primary-key lookup (baseline)", pk]);
    results.push([`search, rare word “${RARE}” (${matches.rare} matches)`, await measure(() => searchSources({ actor, input: { q: RARE } }))]);
    results.push([`search, common word “${COMMON}” (${matches.common} matches)`, await measure(() => searchSources({ actor, input: { q: COMMON } }))]);
    results.push([`search, common prefix “${COMMON.slice(0, 3)}” as typed`, await measure(() => searchSources({ actor, input: { q: COMMON.slice(0, 3) } }))]);
    results.push([`search, two words “${COMMON} ${VOCAB[3]}”`, await measure(() => searchSources({ actor, input: { q: `${COMMON} ${VOCAB[3]}` } }))]);
    results.push([`search, common word sorted by title`, await measure(() => searchSources({ actor, input: { q: COMMON, sort: "title" } }))]);
    results.push([`search, domain “${DOMAINS[7]}”`, await measure(() => searchSources({ actor, input: { q: DOMAINS[7]! } }))]);
    results.push([`library, no query (recently added)`, await measure(() => searchSources({ actor, input: {} }))]);
    results.push([`source page (getSource), any source`, await measure((i) => getSource({ actor, id: pick(sampleIds, i) }))]);
    results.push([`source page (getSource), a cited source`, await measure((i) => getSource({ actor, id: pick(citedIds, i) }))]);

    console.log(`\n## ${kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL"}: ${SOURCES.toLocaleString("en-US")} sources, loaded in ${loadSeconds.toFixed(1)} s, ${ITERATIONS} iterations each\n`);
    console.log("| operation | p50 ms | p95 ms | p50 ÷ PK p50 | p95 ÷ PK p95 |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const [label, s] of results) {
      console.log(`| ${label} | ${s.p50.toFixed(2)} | ${s.p95.toFixed(2)} | ${(s.p50 / pk.p50).toFixed(1)}× | ${(s.p95 / pk.p95).toFixed(1)}× |`);
    }
  } finally {
    await dbModule.closeDb();
    await drop();
  }
}

async function main() {
  // Imported after the hook above is registered.
  dbModule = await import("@/db");
  schema = dbModule.schema;
  ({ searchSources } = await import("@/lib/server/source-search"));
  ({ getSource } = await import("@/lib/server/sources"));
  for (const kind of benchBackends()) await runOn(kind);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
