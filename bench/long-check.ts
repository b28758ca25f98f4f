/**
 * Adds a published check of a real fact-check's length to the benchmark's
 * database: eight numbered sections of two paragraphs, 34 citations of twelve
 * sources, three related questions (the demo checks are a few lines each).
 * Run by bench/published-page.ts between preparing the database and starting
 * the server, through the real review flow (the demo writer drafts, the demo
 * reviewer approves, the demo editor publishes). Prints the check's address.
 */
import { eq } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { sources, users } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { createFactCheck } from "@/lib/server/fact-checks";
import { publishFactCheck } from "@/lib/server/publishing";
import { reviewFactCheck, submitForReview } from "@/lib/server/reviews";

export const LONG_CHECK_QUESTION = "Did the four-day week save the districts money?";

const FIRST = [
  "Budget filings for the districts that switched show transport and heating costs falling in the first year, while spending on staff stayed close to where it had been, because teachers are paid for the year and not for the day.",
  "The savings most often quoted come from planning documents written before the switch, and they assume that buses, kitchens and buildings sit idle on the fifth day, which not every district managed.",
  "Auditors who compared the plans with the accounts found the realised savings smaller than promised in most districts, and in a few of them the figures could not be separated from other cuts made the same year.",
  "Districts that kept a fifth day of optional activities, such as tutoring or sports, spent part of what they saved on running those activities, so their net figure is lower than the headline one.",
];
const SECOND = [
  "Officials interviewed in local reporting describe the change as a way to recruit teachers with a shorter week rather than as a cost measure, and the hiring data they cite is consistent with that account.",
  "Families bear some of the cost instead: parents surveyed by the state said they paid for childcare on the fifth day, a cost that never appears in a district budget.",
  "The share of the budget involved is small either way: transport, food and utilities together make up well under a tenth of what these districts spend.",
  "Comparisons with districts that did not switch narrow the gap further, since fuel and energy prices moved for everyone in the same years.",
];

async function actorOf(email: string): Promise<Actor> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo account ${email}: the database has no demo data`);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

async function main() {
  const db = await getDb();
  const live = (await db.select({ id: sources.id }).from(sources).where(eq(sources.status, "live"))).map((s) => s.id);
  if (live.length < 2) throw new Error("The demo library has too few live sources");
  let n = 0;
  const cite = () => ({ type: "citation", attrs: { sourceId: live[n++ % live.length]! } });
  const paragraph = (i: number) => ({
    type: "paragraph",
    content: [{ type: "text", text: FIRST[i % FIRST.length]! }, cite(), { type: "text", text: ` ${SECOND[i % SECOND.length]!}` }, cite()],
  });
  const [writer, reviewer, editor] = await Promise.all(["writer", "reviewer", "editor"].map((role) => actorOf(`${role}@factdesk.test`)));
  const check = await createFactCheck({
    actor: writer!,
    input: {
      question: LONG_CHECK_QUESTION,
      topic: "Education",
      claimReviewed: "Moving to a four-day week saves school districts a fifth of their budget.",
      verdict: "False",
      summary: { type: "doc", content: [paragraph(0)] },
      sections: Array.from({ length: 8 }, (_, i) => ({
        heading: ["What the budgets show", "Where the savings were promised", "What auditors found", "The fifth day's own costs", "Why districts say they switched", "Costs that moved to families", "How large the sums are", "What comparisons add"][i],
        body: { type: "doc", content: [paragraph(2 * i + 1), paragraph(2 * i + 2)] },
      })),
      relatedQuestions: ["Does a four-day school week improve test scores?", "Did teacher recruitment improve after the switch?", "Who looks after pupils on the fifth day?"],
    },
  });
  await submitForReview({ actor: writer!, id: check.id, input: { reviewerIds: [reviewer!.id] } });
  await reviewFactCheck({ actor: reviewer!, id: check.id, input: { decision: "approve" } });
  const published = await publishFactCheck({ actor: editor!, id: check.id, input: { changeNote: "First publication." } });
  console.log(`/fact-checks/${published.version.slug}`);
  await closeDb();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
