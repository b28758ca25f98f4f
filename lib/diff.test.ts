import { describe, expect, it } from "vitest";
import { diffContent, diffText, type DiffableContent } from "./diff";
import type { RichDoc } from "./document";

const doc = (...paragraphs: string[]): RichDoc => ({
  type: "doc",
  content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});

const base: DiffableContent = {
  question: "Did the city build 412 homes?",
  summary: doc("Yes, according to the housing office."),
  sections: [
    { id: "a", heading: "The count", body: doc("The office counted 412 homes.") },
    { id: "b", heading: "Context", body: doc("The 2019 count was higher.") },
  ],
  relatedQuestions: [],
};

describe("diffContent", () => {
  it("marks only the changed section and the changed words", () => {
    const after = { ...base, sections: [base.sections[0]!, { ...base.sections[1]!, body: doc("The 2019 count was much higher.") }] };
    const result = diffContent(base, after);
    expect(result.changed).toBe(true);
    const changed = result.blocks.filter((b) => b.change !== "unchanged");
    expect(changed.map((b) => b.key)).toEqual(["b"]);
    expect(changed[0]!.body.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["much"]);
    expect(changed[0]!.body.filter((p) => p.kind === "removed")).toEqual([]);
  });

  it("reports added and removed sections whole, matched by id even when moved", () => {
    const after = {
      ...base,
      sections: [base.sections[1]!, { id: "c", heading: "New", body: doc("Fresh text.") }],
    };
    const blocks = diffContent(base, after).blocks;
    expect(blocks.find((b) => b.key === "b")?.change).toBe("unchanged");
    expect(blocks.find((b) => b.key === "c")?.change).toBe("added");
    expect(blocks.find((b) => b.key === "a")?.change).toBe("removed");
  });

  it("shows everything as added on a first review", () => {
    const result = diffContent(null, base);
    expect(result.blocks.filter((b) => b.change === "unchanged")).toEqual([]);
    expect(result.blocks.find((b) => b.key === "summary")?.body).toEqual([
      { kind: "added", text: "Yes, according to the housing office." },
    ]);
  });

  it("finds no change between equal versions", () => {
    expect(diffContent(base, structuredClone(base)).changed).toBe(false);
  });

  it("names citations so adding one shows up", () => {
    const cited: RichDoc = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Counted." }, { type: "citation", attrs: { sourceId: "s1" } }] }],
    };
    expect(diffText(cited, (id) => (id === "s1" ? "Housing report" : "?"))).toBe("Counted.[Housing report]");
  });
});
