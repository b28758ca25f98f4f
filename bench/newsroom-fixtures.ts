/**
 * The newsroom benchmarks' checks and people, added to a database prepared with
 * the demo data (scripts/prepare-db.ts) before the server starts:
 *
 * - a small draft (one paragraph) and a large one (40 sections, 200 citations
 *   of the demo library's sources, about 190 KB of JSON), both the demo
 *   writer's, so that the demo writer and every editor may open them;
 * - BENCH_EDITORS (default 100) editor accounts with the demo password, so that
 *   load on the JSON API spreads over callers as many people's would, each
 *   within its own per-minute limit (lib/server/rate-limits.ts).
 *
 * Prints one line: `FIXTURES {"small":…,"large":…,"largeBytes":…,"editors":[…]}`.
 *
 *   node --import tsx --conditions=react-server bench/newsroom-fixtures.ts
 */
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { sources, users } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { createFactCheck } from "@/lib/server/fact-checks";

const EDITORS = Number(process.env.BENCH_EDITORS || 100);

const SENTENCES = [
  "Budget filings for the districts that switched show transport and heating costs falling in the first year, while spending on staff stayed close to where it had been.",
  "The savings most often quoted come from planning documents written before the switch, and they assume that buses, kitchens and buildings sit idle on the fifth day.",
  "Auditors who compared the plans with the accounts found the realised savings smaller than promised in most districts, and in a few of them the figures could not be separated from other cuts.",
  "Districts that kept a fifth day of optional activities, such as tutoring or sports, spent part of what they saved on running those activities.",
  "Officials interviewed in local reporting describe the change as a way to recruit teachers with a shorter week rather than as a cost measure.",
  "Families bear some of the cost instead: parents surveyed by the state said they paid for childcare on the fifth day, a cost that never appears in a district budget.",
  "The share of the budget involved is small either way: transport, food and utilities together make up well under a tenth of what these districts spend.",
  "Comparisons with districts that did not switch narrow the gap further, since fuel and energy prices moved for everyone in the same years.",
];

async function main() {
  const db = await getDb();
  const [writerRow] = await db.select().from(users).where(eq(users.email, "writer@factdesk.test"));
  if (!writerRow) throw new Error("No demo writer: the database has no demo data");
  const writer: Actor = { id: writerRow.id, email: writerRow.email, name: writerRow.name, role: writerRow.role };
  const library = (await db.select({ id: sources.id }).from(sources).where(eq(sources.status, "live"))).map((s) => s.id);
  if (library.length < 2) throw new Error("The demo library has too few live sources");

  let n = 0;
  const cite = () => ({ type: "citation", attrs: { sourceId: library[n++ % library.length]! } });
  const text = (i: number) => ({ type: "text", text: ` ${SENTENCES[i % SENTENCES.length]!}` });
  // Five citations a section, in three paragraphs of three to four sentences.
  const body = (s: number) => ({
    type: "doc",
    content: [
      { type: "paragraph", content: [text(s), text(s + 1), cite(), text(s + 2), cite(), text(s + 3)] },
      { type: "paragraph", content: [text(s + 4), cite(), text(s + 5), text(s + 6), cite()] },
      { type: "paragraph", content: [text(s + 7), text(s), text(s + 2), cite()] },
    ],
  });
  const large = await createFactCheck({
    actor: writer,
    input: {
      question: "Did the four-day week save the districts money? (40 sections)",
      topic: "Education",
      claimReviewed: "Moving to a four-day week saves school districts a fifth of their budget.",
      summary: { type: "doc", content: [{ type: "paragraph", content: [text(0), text(1)] }] },
      sections: Array.from({ length: 40 }, (_, s) => ({ heading: `Part ${s + 1}: what the records show`, body: body(s) })),
      relatedQuestions: ["Does a four-day school week improve test scores?", "Who looks after pupils on the fifth day?"],
    },
  });
  const small = await createFactCheck({
    actor: writer,
    input: {
      question: "Did the four-day week save the districts money? (one paragraph)",
      topic: "Education",
      sections: [{ heading: "What the budgets show", body: { type: "doc", content: [{ type: "paragraph", content: [text(0)] }] } }],
    },
  });
  const editors = Array.from({ length: EDITORS }, (_, i) => `bench-editor-${i}@factdesk.test`);
  if (editors.length) {
    // The demo password's hash, so that each signs in as the demo accounts do.
    await db.insert(users).values(editors.map((email, i) => ({ email, name: `Bench Editor ${i}`, passwordHash: writerRow.passwordHash, role: "editor" as const })));
  }
  const largeBytes = Buffer.byteLength(JSON.stringify({ summary: large.summary, sections: large.sections }));
  console.log(`FIXTURES ${JSON.stringify({ small: small.id, large: large.id, largeBytes, citations: n, editors })}`);
  await closeDb();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
