/**
 * Demo accounts and content, loaded into an empty database by `npm start`
 * (db/seed.ts) and by the end-to-end suite. Nothing here runs in production
 * unless someone seeds on purpose.
 */
import type { RichDoc, Section } from "@/lib/document";
import type { Role } from "@/lib/roles";

export const DEMO_PASSWORD = "factdesk-demo";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "writer@factdesk.test", name: "Wren Writer", role: "writer" },
  { email: "writer2@factdesk.test", name: "Wade Writer", role: "writer" },
  { email: "reviewer@factdesk.test", name: "Rhea Reviewer", role: "reviewer" },
  { email: "editor@factdesk.test", name: "Eddie Editor", role: "editor" },
  { email: "admin@factdesk.test", name: "Ada Admin", role: "admin" },
];

export const p = (...parts: (string | { bold: string } | { italic: string })[]): RichDoc["content"][number] => ({
  type: "paragraph",
  content: parts.map((part) =>
    typeof part === "string"
      ? { type: "text" as const, text: part }
      : "bold" in part
        ? { type: "text" as const, text: part.bold, marks: [{ type: "bold" as const }] }
        : { type: "text" as const, text: part.italic, marks: [{ type: "italic" as const }] },
  ),
});

export const doc = (...content: RichDoc["content"]): RichDoc => ({ type: "doc", content });

export type DemoCheck = {
  ownerEmail: string;
  question: string;
  topic: string;
  summary: RichDoc;
  sections: Omit<Section, "id">[];
  relatedQuestions: string[];
};

export const DEMO_CHECKS: DemoCheck[] = [
  {
    ownerEmail: "writer@factdesk.test",
    question: "Do city bike lanes reduce traffic injuries?",
    topic: "Transport",
    summary: doc(
      p(
        "Studies from several cities find fewer injuries on streets that gain ",
        { bold: "protected" },
        " bike lanes, while painted lanes show smaller and less consistent effects.",
      ),
    ),
    sections: [
      {
        heading: "What the before-and-after studies measure",
        body: doc(
          p("Most evaluations compare injury counts on a street for a few years before and after a lane is built, against similar streets that did not change."),
        ),
      },
      {
        heading: "Protected lanes and painted lanes differ",
        body: doc(
          p("Physical separation is the feature most often linked to lower injury rates; a painted line alone is linked to smaller changes."),
        ),
      },
      {
        heading: "What the data cannot show yet",
        body: doc(p("Few studies follow streets for more than five years, and reporting of minor injuries varies between cities.")),
      },
    ],
    relatedQuestions: [
      "Do bike lanes slow down emergency vehicles?",
      "How do cities count cycling injuries?",
    ],
  },
  {
    ownerEmail: "writer2@factdesk.test",
    question: "Is tap water in most European capitals safe to drink?",
    topic: "Health",
    summary: doc(p("National regulators in most EU capitals report compliance rates above 99% for drinking-water tests.")),
    sections: [
      {
        heading: "Who tests the water",
        body: doc(p("Water utilities test samples daily, and national agencies publish annual compliance reports.")),
      },
    ],
    relatedQuestions: ["Why does tap water taste different between cities?"],
  },
];
