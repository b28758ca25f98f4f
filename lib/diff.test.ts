import { describe, expect, it } from "vitest";
import { citationTokens, diffContent, diffText, type DiffableContent } from "./diff";
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

  it("diffs each citation as one word with tokens: the same source is unchanged, another source is one change", () => {
    const citing = (text: string, ...ids: string[]): RichDoc => ({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text }, ...ids.map((sourceId) => ({ type: "citation" as const, attrs: { sourceId } }))] }],
    });
    const tokens = citationTokens(["s2", "s1", "s2"]);
    expect([tokens.sourceOf(tokens.cite("s1")), tokens.sourceOf(tokens.cite("s2"))]).toEqual(["s1", "s2"]);
    const before = { ...base, summary: citing("Counted 412 homes.", "s1", "s2") };
    const after = { ...base, summary: citing("Counted 412 homes.", "s1", "s3") };
    const summary = diffContent(before, after, undefined, citationTokens(["s1", "s3", "s2"]).cite).blocks.find((b) => b.key === "summary")!;
    const t = citationTokens(["s1", "s3", "s2"]);
    expect(summary.body).toEqual([
      { kind: "same", text: `Counted 412 homes.${t.cite("s1")}` },
      { kind: "removed", text: t.cite("s2") },
      { kind: "added", text: t.cite("s3") },
    ]);
  });
});
