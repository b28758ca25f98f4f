/**
 * What one autosave of live editing costs: `storeLiveDocument`, which the
 * live server runs 1.5 s after typing stops (lib/server/live-documents.ts),
 * after one character typed into Section 1's body, for a large check (40
 * sections, 200 citations) against a small one (one paragraph), interleaved,
 * each in a fresh database of each backend (BENCH_BACKENDS, default
 * "pglite,postgres"; PostgreSQL at BENCH_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, on a throwaway database).
 * Reports p50/p95 and the ratio large ÷ small of the p50s, and what the
 * live state holds (its base, and the updates the stores appended).
 *
 *   node --import tsx bench/autosave.ts
 *
 * BENCH_CHECKOUTS compares the code of several checkouts in one run, `name=dir`
 * separated by commas (`main=/path/to/main,branch=.`): each checkout's own
 * bench/autosave.ts runs in turn, BENCH_ROUNDS times (3), each run a fresh
 * database of each backend, and the figures are the medians over the rounds
 * (the ratio: the median of each round's).
 *
 * Environment: BENCH_ITERATIONS (60; per round with BENCH_CHECKOUTS), BENCH_BACKENDS,
 * BENCH_POSTGRES_URL, BENCH_CHECKOUTS, BENCH_ROUNDS.
 */
import "./server-only-stub";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
// Static, as the domain modules import it: one copy of Yjs (its types are checked by class).
import * as Y from "yjs";
import { fieldFragment, orderedEntries } from "@/lib/collab/document";
import { benchBackends, openBackend } from "./lib";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 60);
const PG = process.env.BENCH_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";

const SENTENCES = [
  "Budget filings for the districts that switched show transport and heating costs falling in the first year, while spending on staff stayed close to where it had been.",
  "The savings most often quoted come from planning documents written before the switch, and they assume that buses, kitchens and buildings sit idle on the fifth day.",
  "Auditors who compared the plans with the accounts found the realised savings smaller than promised in most districts.",
  "Districts that kept a fifth day of optional activities, such as tutoring or sports, spent part of what they saved on running those activities.",
];

function pct(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;
}

async function main() {
  const db = await import("@/db");
  const results: Record<string, unknown> = {};
  for (const kind of benchBackends()) {
    const { handle, drop } = await openBackend(db, kind, { pgUrl: PG });
    db.useDatabase(handle);
    try {
      const { createFactCheck } = await import("@/lib/server/fact-checks");
      const { loadLiveState, storeLiveDocument } = await import("@/lib/server/live-documents");
      const d = await db.getDb();
      const [writerRow] = await d.insert(db.schema.users).values({ email: "w@bench.test", name: "Writer", passwordHash: "x", role: "writer" }).returning();
      const writer = { id: writerRow!.id, email: writerRow!.email, name: writerRow!.name, role: writerRow!.role };
      const library = await d
        .insert(db.schema.sources)
        .values(Array.from({ length: 12 }, (_, i) => ({ url: `https://example.org/s${i}`, normalizedUrl: `https://example.org/s${i}`, title: `Source ${i}` })))
        .returning();
      let n = 0;
      const cite = () => ({ type: "citation", attrs: { sourceId: library[n++ % library.length]!.id } });
      const text = (i: number) => ({ type: "text", text: ` ${SENTENCES[i % SENTENCES.length]!}` });
      const body = (s: number) => ({
        type: "doc",
        content: [
          { type: "paragraph", content: [text(s), text(s + 1), cite(), text(s + 2), cite(), text(s + 3)] },
          { type: "paragraph", content: [text(s + 1), cite(), text(s + 2), text(s + 3), cite()] },
          { type: "paragraph", content: [text(s + 3), text(s), text(s + 2), cite()] },
        ],
      });
      const large = await createFactCheck({
        actor: writer,
        input: { question: "Large?", sections: Array.from({ length: 40 }, (_, s) => ({ heading: `Part ${s + 1}`, body: body(s) })) },
      });
      const small = await createFactCheck({
        actor: writer,
        input: { question: "Small?", sections: [{ heading: "One", body: { type: "doc", content: [{ type: "paragraph", content: [text(0)] }] } }] },
      });
      const open = async (id: string) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, (await loadLiveState({ factCheckId: id }))!);
        const section = orderedEntries(doc, "sections")[0]!.id;
        return { id, doc, key: `section:${section}:body` };
      };
      const checks = { small: await open(small.id), large: await open(large.id) };
      const samples: Record<"small" | "large", number[]> = { small: [], large: [] };
      const store = async (which: "small" | "large") => {
        const { id, doc, key } = checks[which];
        const paragraph = fieldFragment(doc, key)!.get(0) as Y.XmlElement;
        (paragraph.get(0) as Y.XmlText).insert(0, "x");
        const t0 = performance.now();
        const outcome = await storeLiveDocument({ factCheckId: id, doc, editors: [writer] });
        const ms = performance.now() - t0;
        if (outcome.kind !== "stored") throw new Error(`A store of the ${which} check was ${outcome.kind}`);
        return ms;
      };
      for (let i = 0; i < 5; i++) for (const which of ["small", "large"] as const) await store(which);
      for (let i = 0; i < ITERATIONS; i++) {
        for (const which of i % 2 ? (["large", "small"] as const) : (["small", "large"] as const)) samples[which].push(await store(which));
      }
      const { eq, sql } = await import("drizzle-orm");
      const documents = db.schema.factCheckDocuments;
      const updates = db.schema.factCheckDocumentUpdates;
      const stateBytes = async (id: string) => ({
        base: Number((await d.select({ n: sql<number>`octet_length(${documents.state})` }).from(documents).where(eq(documents.factCheckId, id)))[0]?.n),
        ...(await d
          .select({ updates: sql<number>`count(*)`.mapWith(Number), updateBytes: sql<number>`coalesce(sum(octet_length(${updates.update})), 0)`.mapWith(Number) })
          .from(updates)
          .where(eq(updates.factCheckId, id)))[0],
      });
      results[kind] = {
        small: { p50: pct(samples.small, 50), p95: pct(samples.small, 95) },
        large: { p50: pct(samples.large, 50), p95: pct(samples.large, 95) },
        "large ÷ small (p50)": Math.round((pct(samples.large, 50) / pct(samples.small, 50)) * 100) / 100,
        liveStateBytes: { small: await stateBytes(small.id), large: await stateBytes(large.id) },
        largeContentBytes: Buffer.byteLength(JSON.stringify(large.sections)),
        citations: n,
      };
    } finally {
      await handle.close();
      await drop();
    }
  }
  console.log(JSON.stringify(results, null, 2));
}

type Figures = Record<string, { small: { p50: number }; large: { p50: number }; "large ÷ small (p50)": number }>;

/** One run of a checkout's own benchmark: its JSON figures. */
function runCheckout(dir: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/autosave.ts"], {
      cwd: dir,
      env: { ...process.env, BENCH_CHECKOUTS: "" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.slice(out.indexOf("{")))) : reject(new Error(`bench/autosave.ts in ${dir} exited with ${code}`))));
  });
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
};

/** BENCH_CHECKOUTS: each checkout's code in turn, round after round; medians per checkout and backend. */
async function compareCheckouts(spec: string) {
  const checkouts = spec.split(",").map((entry) => {
    const [name, dir] = entry.split("=").map((s) => s.trim());
    return { name: name!, dir: path.resolve(dir || ".") };
  });
  const rounds = Number(process.env.BENCH_ROUNDS || 3);
  const runs = new Map<string, Figures[]>(checkouts.map((c) => [c.name, []]));
  const load: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const checkout of round % 2 ? [...checkouts].reverse() : checkouts) {
      runs.get(checkout.name)!.push(await runCheckout(checkout.dir));
      load.push(os.loadavg()[0]!);
    }
  }
  const table: Record<string, unknown>[] = [];
  for (const kind of benchBackends()) {
    for (const { name } of checkouts) {
      const figures = runs.get(name)!.map((run) => run[kind]!);
      table.push({
        backend: kind,
        checkout: name,
        "small p50": median(figures.map((f) => f.small.p50)),
        "large p50": median(figures.map((f) => f.large.p50)),
        "large ÷ small (p50)": median(figures.map((f) => f["large ÷ small (p50)"])),
        rounds: figures.map((f) => f["large ÷ small (p50)"]).join(" "),
      });
    }
  }
  console.table(table);
  console.log(`Load average (1 min) after each run: ${load.map((l) => l.toFixed(1)).join(" ")}`);
}

(process.env.BENCH_CHECKOUTS ? compareCheckouts(process.env.BENCH_CHECKOUTS) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
