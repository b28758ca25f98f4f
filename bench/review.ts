/**
 * What reviews cost the editor and the review page, on embedded PGlite.
 *
 * - A save (updateFactCheck, what autosave calls) re-anchors every passage
 *   comment of the check in the same transaction: p50 of a save with 0, 25, 100
 *   and 250 anchored comments, each as a ratio to the save with none.
 * - The review page's queries (getReviewPage + listComments + listActivity) for
 *   a check with 100 threads, as a ratio to getFactCheck measured in the same run.
 *
 *   node --import tsx bench/review.ts
 *
 * Environment: BENCH_ITERATIONS (default 40).
 */
import "./server-only-stub";
import { performance } from "node:perf_hooks";


const ITERATIONS = Number(process.env.BENCH_ITERATIONS || 40);

type Actor = import("@/lib/server/actor").Actor;

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(fn: () => Promise<unknown>, iterations = ITERATIONS): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return p50(samples);
}

async function main() {
  const db = await import("@/db");
  const { users, sources } = db.schema;
  const handle = await db.openPglite(null);
  db.useDatabase(handle);
  const { createFactCheck, getFactCheck, updateFactCheck } = await import("@/lib/server/fact-checks");
  const { submitForReview, getReviewPage } = await import("@/lib/server/reviews");
  const { listActivity } = await import("@/lib/server/activity");
  const { addComment, listComments } = await import("@/lib/server/comments");

  const d = await db.getDb();
  const [writerRow, reviewerRow] = await d
    .insert(users)
    .values([
      { email: "w@bench.test", name: "Writer", passwordHash: "x", role: "writer" },
      { email: "r@bench.test", name: "Reviewer", passwordHash: "x", role: "reviewer" },
    ])
    .returning();
  const actor = (u: typeof writerRow): Actor => ({ id: u!.id, email: u!.email, name: u!.name, role: u!.role });
  const writer = actor(writerRow);
  const reviewer = actor(reviewerRow);
  const [source] = await d.insert(sources).values({ url: "https://example.org/b", normalizedUrl: "https://example.org/b", title: "Bench" }).returning();

  const sentence = (i: number) => `Sentence number ${i} says the city counted ${400 + i} homes in ${2000 + (i % 25)}. `;
  const body = (words: string) => ({
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text: words }, { type: "citation", attrs: { sourceId: source!.id } }] }],
  });

  async function checkWith(comments: number) {
    const sections = Array.from({ length: 10 }, (_, s) => ({
      heading: `Section ${s + 1}`,
      body: body(Array.from({ length: 30 }, (_, i) => sentence(s * 100 + i)).join("")),
    }));
    const check = await createFactCheck({ actor: writer, input: { question: `Bench ${comments} ${Math.random()}`, summary: body("Summary."), sections } });
    await submitForReview({ actor: writer, id: check.id, input: { reviewerIds: [reviewer.id] } });
    for (let i = 0; i < comments; i++) {
      const section = check.sections[i % 10]!;
      const n = (i % 10) * 100 + Math.floor(i / 10);
      await addComment({
        actor: reviewer,
        id: check.id,
        input: { body: `Comment ${i}`, sectionId: section.id, quote: `counted ${400 + n} homes` },
      });
    }
    return check;
  }

  async function saveTime(comments: number): Promise<number> {
    const check = await checkWith(comments);
    let round = 0;
    // Each save edits the last section's text, as typing does; the first withdraws the review.
    return time(async () => {
      const current = await getFactCheck({ actor: writer, id: check.id });
      const sections = current.sections.map((s, i) =>
        i === 9 ? { ...s, body: body(`Edited ${round++}. ` + sentence(9000)) } : s,
      );
      await updateFactCheck({ actor: writer, id: check.id, input: { version: current.version, sections } });
    });
  }

  await saveTime(0); // warm-up: JIT and PGlite caches, not measured
  const baseline = await saveTime(0);
  console.log(`Save (updateFactCheck) p50, ${ITERATIONS} saves, 10 sections of ~2,300 characters:`);
  console.log(`  0 anchored comments: ${baseline.toFixed(2)} ms (1.00×)`);
  for (const n of [25, 100, 250]) {
    const t = await saveTime(n);
    console.log(`  ${n} anchored comments: ${t.toFixed(2)} ms (${(t / baseline).toFixed(2)}×)`);
  }

  const check = await checkWith(100);
  const read = await time(() => getFactCheck({ actor: reviewer, id: check.id }));
  const page = await time(() =>
    Promise.all([getReviewPage({ actor: reviewer, id: check.id }), listComments({ actor: reviewer, id: check.id }), listActivity({ actor: reviewer, id: check.id })]),
  );
  console.log(`Review page queries, 100 threads: ${page.toFixed(2)} ms = ${(page / read).toFixed(1)}× getFactCheck (${read.toFixed(2)} ms)`);
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
