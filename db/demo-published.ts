/**
 * Published demo checks, so a new install shows a public site: sources added to
 * the library, checks written, reviewed, approved and published through the
 * domain layer, exactly as the newsroom would. One is published as if 120 days
 * ago, so it shows the "may be outdated" banner and sits in the refresh queue;
 * one stops once approved, so the editor's desk has a check to publish. A demo
 * draft marked `inReviewWith` is sent to that reviewer.
 * Needs the `react-server` export condition (domain modules are server-only).
 */
import { eq } from "drizzle-orm";
import type { RichDoc } from "@/lib/document";
import type { Actor } from "@/lib/server/actor";
import { setClockOffset } from "@/lib/server/clock";
import { createFactCheck } from "@/lib/server/fact-checks";
import { publishFactCheck } from "@/lib/server/publishing";
import { reviewFactCheck, submitForReview } from "@/lib/server/reviews";
import { createSource } from "@/lib/server/sources";
import { DEMO_CHECKS } from "./demo-data";
import type { Db } from "./index";
import { factChecks, users } from "./schema";

type Part = string | { cite: number };

/** A paragraph whose `{ cite: i }` parts cite the i-th source of the check. */
const para = (sourceIds: string[], ...parts: Part[]): RichDoc["content"][number] => ({
  type: "paragraph",
  content: parts.map((part) =>
    typeof part === "string" ? { type: "text" as const, text: part } : { type: "citation" as const, attrs: { sourceId: sourceIds[part.cite]! } },
  ),
});

type DemoPublished = {
  daysAgo: number;
  ownerEmail: string;
  question: string;
  topic: string;
  claimReviewed?: string;
  verdict?: string;
  sources: { url: string; title: string; publisher: string; publishedOn: string }[];
  summary: (ids: string[]) => RichDoc;
  sections: { heading: string; body: (ids: string[]) => RichDoc }[];
  related: string[];
  /** Published with this note, or left approved (waiting for an editor) when absent. */
  changeNote?: string;
};

const doc = (...content: RichDoc["content"]): RichDoc => ({ type: "doc", content });

export const DEMO_PUBLISHED: DemoPublished[] = [
  {
    daysAgo: 2,
    ownerEmail: "writer@factdesk.test",
    question: "Does a four-day school week improve test scores?",
    topic: "Education",
    claimReviewed: "Switching to a four-day school week raises pupils' test scores.",
    verdict: "Not supported",
    sources: [
      {
        url: "https://example.org/demo/four-day-week-district-study",
        title: "Four-day school weeks and student achievement: a district panel study",
        publisher: "Example Education Research Institute",
        publishedOn: "2025-03-14",
      },
      {
        url: "https://example.org/demo/state-assessment-results-2025",
        title: "Statewide assessment results, 2024–25",
        publisher: "Example State Department of Education",
        publishedOn: "2025-09-02",
      },
    ],
    summary: (ids) =>
      doc(
        para(ids, "The studies we found show small declines or no change in test scores after districts moved to four days, not gains.", { cite: 0 }),
      ),
    sections: [
      {
        heading: "What the district studies found",
        body: (ids) =>
          doc(
            para(ids, "Comparing districts before and after the switch, researchers measured slightly lower maths and reading scores in the years that followed.", { cite: 0 }),
          ),
      },
      {
        heading: "What this year's results add",
        body: (ids) =>
          doc(para(ids, "State results for 2024–25 show four-day districts close to the state average, with wide differences between them.", { cite: 1 })),
      },
    ],
    related: ["Do longer school days raise test scores?"],
    changeNote: "First publication.",
  },
  {
    daysAgo: 120,
    ownerEmail: "writer2@factdesk.test",
    question: "Do longer school days raise test scores?",
    topic: "Education",
    sources: [
      {
        url: "https://example.org/demo/extended-day-pilot-evaluation",
        title: "Extended school day pilot: final evaluation",
        publisher: "Example City Schools",
        publishedOn: "2024-11-20",
      },
    ],
    summary: (ids) => doc(para(ids, "A city pilot found modest gains in reading when the extra time went to small-group tuition, and none otherwise.", { cite: 0 })),
    sections: [
      {
        heading: "How the extra hour was used mattered",
        body: (ids) => doc(para(ids, "Schools that used the hour for tutoring saw gains; schools that lengthened every lesson did not.", { cite: 0 })),
      },
    ],
    related: ["Does a four-day school week improve test scores?"],
    changeNote: "First publication.",
  },
  {
    daysAgo: 1,
    ownerEmail: "writer@factdesk.test",
    question: "Do heat pumps keep working in freezing weather?",
    topic: "Energy",
    claimReviewed: "Heat pumps stop heating homes once it freezes outside.",
    verdict: "False",
    sources: [
      {
        url: "https://example.org/demo/cold-climate-heat-pump-field-trial",
        title: "Cold-climate heat pump field trial: two winters of monitoring",
        publisher: "Example Energy Agency",
        publishedOn: "2025-06-10",
      },
      {
        url: "https://example.org/demo/heat-pump-ratings-explained",
        title: "How heat pump efficiency ratings are measured",
        publisher: "Example Standards Board",
        publishedOn: "2024-02-01",
      },
    ],
    summary: (ids) =>
      doc(para(ids, "Monitored homes kept heating well below freezing; the units drew more electricity as it got colder, but did not stop.", { cite: 0 })),
    sections: [
      {
        heading: "What the field trial measured",
        body: (ids) =>
          doc(para(ids, "Homes in the trial stayed at their set temperature on days down to −20 °C, with backup heaters used on the coldest hours only.", { cite: 0 })),
      },
      {
        heading: "Why efficiency falls in the cold",
        body: (ids) =>
          doc(para(ids, "The heat a unit moves for each unit of electricity drops as the outdoor air gets colder, which is why ratings are given at several temperatures.", { cite: 1 })),
      },
    ],
    related: ["Are heat pumps cheaper to run than gas boilers?"],
  },
];

const DAY_MS = 86_400_000;

async function actorOf(db: Db, email: string): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) throw new Error(`Demo user ${email} is missing`);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Writes, reviews and publishes the demo checks (oldest first, each at its own date). */
export async function publishDemoChecks(db: Db): Promise<void> {
  const reviewer = await actorOf(db, "reviewer@factdesk.test");
  const editor = await actorOf(db, "editor@factdesk.test");
  const ordered = [...DEMO_PUBLISHED].sort((a, b) => b.daysAgo - a.daysAgo);
  try {
    for (const demo of ordered) {
      setClockOffset(-demo.daysAgo * DAY_MS);
      const writer = await actorOf(db, demo.ownerEmail);
      const ids: string[] = [];
      for (const s of demo.sources) ids.push((await createSource({ actor: writer, input: s })).id);
      const check = await createFactCheck({
        actor: writer,
        input: {
          question: demo.question,
          topic: demo.topic,
          claimReviewed: demo.claimReviewed ?? null,
          verdict: demo.verdict ?? null,
          summary: demo.summary(ids),
          sections: demo.sections.map((s) => ({ heading: s.heading, body: s.body(ids) })),
          relatedQuestions: demo.related,
        },
      });
      await submitForReview({ actor: writer, id: check.id, input: { reviewerIds: [reviewer.id] } });
      await reviewFactCheck({ actor: reviewer, id: check.id, input: { decision: "approve" } });
      if (demo.changeNote) await publishFactCheck({ actor: editor, id: check.id, input: { changeNote: demo.changeNote } });
    }
  } finally {
    setClockOffset(0);
  }
}

/** Sends each demo draft marked `inReviewWith` to that reviewer, as its owner would. */
export async function sendDemoDraftsForReview(db: Db): Promise<void> {
  for (const demo of DEMO_CHECKS.filter((d) => d.inReviewWith)) {
    const [owner, reviewer] = await Promise.all([actorOf(db, demo.ownerEmail), actorOf(db, demo.inReviewWith!)]);
    const [check] = await db.select({ id: factChecks.id }).from(factChecks).where(eq(factChecks.question, demo.question)).limit(1);
    if (!check) throw new Error(`Demo check "${demo.question}" is missing`);
    await submitForReview({
      actor: owner,
      id: check.id,
      input: { reviewerIds: [reviewer.id], note: "Ready for a first read: are the sources strong enough for the summary?" },
    });
  }
}
