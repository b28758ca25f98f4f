/**
 * Demo accounts and content, loaded into an empty database by `npm start`
 * (db/seed.ts: the embedded database by default, PostgreSQL only with
 * FACTDESK_DEMO_DATA=true) and by the end-to-end suite.
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

export const p = (...parts: (string | { bold: string } | { italic: string } | { cite: DemoSourceKey })[]): RichDoc["content"][number] => ({
  type: "paragraph",
  content: parts.map((part) =>
    typeof part === "string"
      ? { type: "text" as const, text: part }
      : "cite" in part
        ? // Replaced by the source's real id when seeding (db/seed.ts).
          { type: "citation" as const, attrs: { sourceId: `${DEMO_SOURCE_PREFIX}${part.cite}` } }
        : "bold" in part
          ? { type: "text" as const, text: part.bold, marks: [{ type: "bold" as const }] }
          : { type: "text" as const, text: part.italic, marks: [{ type: "italic" as const }] },
  ),
});

export const DEMO_SOURCE_PREFIX = "demo-source-";

/** The starting source library (invented publishers on example domains). */
export const DEMO_SOURCES = {
  corridorStudy: {
    url: "https://www.example.org/research/protected-bike-lanes-injury-study",
    title: "Protected bike lanes and injury rates: a before-and-after study of 14 corridors",
    publisher: "Example Institute for Transport Safety",
    author: "M. Okafor and L. Brandt",
    publishedOn: "2023-06-12",
    archivedUrl: "https://archive.example.net/2024/protected-bike-lanes-injury-study",
  },
  cityInjuryReport: {
    url: "https://transport.example.gov/reports/cycling-injuries-2024",
    title: "Cycling injuries on city streets, 2024 annual report",
    publisher: "Example City Department of Transportation",
    publishedOn: "2025-02-03",
  },
  laneReview: {
    url: "https://journal.example.net/urban-mobility/painted-versus-separated-lanes",
    title: "Painted versus separated cycle lanes: a review of the evidence",
    publisher: "Example Journal of Urban Mobility",
    author: "R. Castellanos",
    publishedOn: "2022-09-30",
  },
  injuryCoding: {
    url: "https://health.example.org/observatory/how-hospitals-record-cycling-injuries",
    title: "How hospitals record cycling injuries",
    publisher: "Example Public Health Observatory",
    publishedOn: "2024-04-18",
    notes: "Explains why minor injuries are under-counted; useful for the limits section.",
  },
  usageCounts: {
    url: "https://transport.example.gov/data/cycle-lane-counts-2019",
    title: "Cycle lane usage counts, 2019",
    publisher: "Example City Department of Transportation",
    publishedOn: "2019-11-05",
    archivedUrl: "https://archive.example.net/2021/cycle-lane-counts-2019",
    status: "dead",
    statusNote: "The city removed the page in its 2024 site redesign; the archived copy matches what we cited.",
  },
  euCompliance: {
    url: "https://water.example.org/reports/drinking-water-compliance-2023",
    title: "Drinking water quality in European capitals: 2023 compliance report",
    publisher: "Example European Water Observatory",
    publishedOn: "2024-07-22",
  },
  utilityReport: {
    url: "https://www.example.com/capital-water/annual-drinking-water-report-2024",
    title: "Annual drinking-water report 2024",
    publisher: "Example Capital Water Utility",
    publishedOn: "2025-03-31",
  },
  testingGuide: {
    url: "https://consumers.example.org/guides/how-tap-water-is-tested",
    title: "How tap water is tested, step by step",
    publisher: "Example Consumers' Association",
    author: "P. Nakamura",
    publishedOn: "2023-10-09",
  },
} satisfies Record<
  string,
  {
    url: string;
    title: string;
    publisher: string;
    author?: string;
    publishedOn: string;
    archivedUrl?: string;
    notes?: string;
    status?: "dead" | "retracted" | "updated";
    statusNote?: string;
  }
>;

export type DemoSourceKey = keyof typeof DEMO_SOURCES;

export const doc = (...content: RichDoc["content"]): RichDoc => ({ type: "doc", content });

export type DemoCheck = {
  ownerEmail: string;
  question: string;
  topic: string;
  summary: RichDoc;
  sections: Omit<Section, "id">[];
  relatedQuestions: string[];
  /** Sent for review to this reviewer once loaded, so a reviewer's desk starts with work. */
  inReviewWith?: string;
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
        " bike lanes",
        { cite: "corridorStudy" },
        ", while painted lanes show smaller and less consistent effects.",
        { cite: "laneReview" },
      ),
    ),
    sections: [
      {
        heading: "What the before-and-after studies measure",
        body: doc(
          p(
            "Most evaluations compare injury counts on a street for a few years before and after a lane is built, against similar streets that did not change.",
            { cite: "corridorStudy" },
            " The city's own counts follow the same method.",
            { cite: "cityInjuryReport" },
          ),
        ),
      },
      {
        heading: "Protected lanes and painted lanes differ",
        body: doc(
          p(
            "Physical separation is the feature most often linked to lower injury rates; a painted line alone is linked to smaller changes.",
            { cite: "laneReview" },
            " More people also ride on separated lanes, which changes the rate per trip.",
            { cite: "usageCounts" },
          ),
        ),
      },
      {
        heading: "What the data cannot show yet",
        body: doc(
          p(
            "Few studies follow streets for more than five years, and reporting of minor injuries varies between cities.",
            { cite: "injuryCoding" },
          ),
        ),
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
    summary: doc(
      p("National regulators in most EU capitals report compliance rates above 99% for drinking-water tests.", { cite: "euCompliance" }),
    ),
    sections: [
      {
        heading: "Who tests the water",
        body: doc(
          p(
            "Water utilities test samples daily",
            { cite: "testingGuide" },
            ", and national agencies publish annual compliance reports.",
            { cite: "utilityReport" },
          ),
        ),
      },
    ],
    relatedQuestions: ["Why does tap water taste different between cities?"],
    inReviewWith: "reviewer@factdesk.test",
  },
];
