import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DEMO_CHECKS } from "@/db/demo-data";
import type { BlockNode, InlineNode, Mark, RichDoc } from "@/lib/document";
import {
  applyContent,
  contentToDoc,
  deleteEntry,
  docToContent,
  fieldFragment,
  insertRelatedQuestion,
  insertSection,
  moveEntry,
  orderedEntries,
  writePlainText,
  type LiveContent,
} from "./document";

const text = (t: string, marks?: Mark[]): InlineNode => (marks ? { type: "text", text: t, marks } : { type: "text", text: t });
const para = (...content: InlineNode[]): BlockNode => (content.length ? { type: "paragraph", content } : { type: "paragraph" });
const doc = (...content: BlockNode[]): RichDoc => ({ type: "doc", content });

function demoContent(index: number): LiveContent {
  const check = DEMO_CHECKS[index]!;
  return {
    question: check.question,
    topic: check.topic,
    summary: check.summary,
    sections: check.sections.map((s, i) => ({ id: `s${i}`, ...s })),
    relatedQuestions: check.relatedQuestions.map((q, i) => ({ id: `q${i}`, text: q })),
  };
}

/** 40 sections, 200 citations, every node and mark the format has. */
function largeContent(): LiveContent {
  let n = 0;
  const cite = (): InlineNode => ({ type: "citation", attrs: { sourceId: `source-${n++ % 37}` } });
  const rich = (i: number): RichDoc =>
    doc(
      para(
        text(`Paragraph ${i} opens with plain words, `),
        text("then bold", [{ type: "bold" }]),
        text(" and "),
        text("a linked, bold italic phrase", [{ type: "link", attrs: { href: `https://example.org/${i}` } }, { type: "bold" }, { type: "italic" }]),
        cite(),
        { type: "hardBreak" },
        text("after a break."),
        cite(),
      ),
      { type: "bulletList", content: [{ type: "listItem", content: [para(text(`point ${i}`), cite())] }, { type: "listItem", content: [para(text("another"))] }] },
      { type: "orderedList", attrs: { start: 1 + (i % 3) }, content: [{ type: "listItem", content: [para(text("first"), cite())] }] },
      { type: "blockquote", content: [para(text("quoted "), cite(), text("mailto", [{ type: "link", attrs: { href: "mailto:desk@example.org" } }]))] },
      para(),
    );
  const sections = Array.from({ length: 40 }, (_, i) => ({ id: `section-${i}`, heading: `Heading number ${i}`, body: rich(i) }));
  return {
    question: "Does a check of this length stay exact through its live document?",
    topic: null,
    summary: rich(-1),
    sections,
    relatedQuestions: Array.from({ length: 20 }, (_, i) => ({ id: `related-${i}`, text: `Related question ${i}?` })),
  };
}

/** Two replicas that exchange every update at once (as through the server). */
function pair(content: LiveContent) {
  const a = contentToDoc(content);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b };
}

function sync(...docs: Y.Doc[]) {
  for (const from of docs) for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

function typeInto(d: Y.Doc, key: string, offset: number, inserted: string) {
  const fragment = fieldFragment(d, key)!;
  // The first text of the first paragraph, as an editor's keystroke would change it.
  const paragraph = fragment.get(0) as Y.XmlElement;
  const textNode = paragraph.get(0) as Y.XmlText;
  textNode.insert(offset, inserted);
}

describe("contentToDoc and docToContent", () => {
  it.each(DEMO_CHECKS.map((_, i) => i))("round-trip demo check %i exactly", (index) => {
    const content = demoContent(index);
    expect(docToContent(contentToDoc(content))).toEqual(content);
  });

  it("round-trip a check of 40 sections and 200 citations exactly, and again through an encoded update", () => {
    const content = largeContent();
    const live = contentToDoc(content);
    expect(docToContent(live)).toEqual(content);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    expect(docToContent(copy)).toEqual(content);
  });

  it("read an empty document as an empty check", () => {
    expect(docToContent(new Y.Doc())).toEqual({
      question: "",
      topic: null,
      summary: { type: "doc", content: [{ type: "paragraph" }] },
      sections: [],
      relatedQuestions: [],
    });
  });

  it("pass on what the format does not know, for validation to refuse, without throwing", () => {
    const d = new Y.Doc();
    const summary = d.getXmlFragment("summary");
    const image = new Y.XmlElement("image");
    image.setAttribute("src", "javascript:alert(1)");
    summary.insert(0, [image]);
    d.getArray("sections").insert(0, [new Y.Map<unknown>([["id", "x"], ["heading", 42]])]);
    expect(docToContent(d).summary).toEqual({ type: "doc", content: [{ type: "image", attrs: { src: "javascript:alert(1)" } }] });
    expect(docToContent(d).sections).toEqual([{ id: "x", heading: "", body: { type: "doc", content: [{ type: "paragraph" }] } }]);
  });
});

describe("applyContent", () => {
  it("changes only what differs: a remote position in an untouched paragraph stays where it was", () => {
    const content = demoContent(0);
    const live = contentToDoc(content);
    const firstBody = fieldFragment(live, "section:s0:body")!;
    const anchor = Y.createRelativePositionFromTypeIndex(firstBody.get(0) as Y.XmlElement, 0);
    const before = Y.encodeStateVector(live);
    applyContent(live, { sections: content.sections.map((s) => (s.id === "s1" ? { ...s, heading: "A new heading" } : s)) });
    expect(Y.createAbsolutePositionFromRelativePosition(anchor, live)).not.toBeNull();
    // One heading's few characters changed, nothing was rewritten wholesale.
    expect(Y.encodeStateAsUpdate(live, before).byteLength).toBeLessThan(200);
    expect(docToContent(live).sections[1]!.heading).toBe("A new heading");
    expect(docToContent(live).sections[0]).toEqual(content.sections[0]);
  });

  it("adds, deletes and reorders sections to match", () => {
    const content = demoContent(0);
    const live = contentToDoc(content);
    const [s0, s1, s2] = content.sections;
    const added = { id: "new", heading: "Added", body: doc(para(text("fresh"))) };
    applyContent(live, { sections: [s2!, added, s0!] });
    expect(docToContent(live).sections).toEqual([s2, added, s0]);
    expect(docToContent(live).sections.map((s) => s.id)).not.toContain(s1!.id);
  });
});

describe("two people editing at once", () => {
  it("typing in one paragraph from both sides merges", () => {
    const { a, b } = pair(demoContent(0));
    typeInto(a, "section:s0:body", 0, "AAA ");
    typeInto(b, "section:s0:body", 5, "bbb ");
    sync(a, b);
    expect(docToContent(a)).toEqual(docToContent(b));
    const first = (docToContent(a).sections[0]!.body.content[0] as { content: { text?: string }[] }).content[0]!.text!;
    expect(first.startsWith("AAA ")).toBe(true);
    expect(first).toContain("bbb ");
  });

  it("adding, deleting, moving and typing in the moved section all merge", () => {
    const { a, b } = pair(demoContent(0));
    moveEntry(a, "sections", "s2", 0);
    insertSection(a, { id: "from-a", index: 3, heading: "From A" });
    deleteEntry(b, "sections", "s1");
    typeInto(b, "section:s2:body", 0, "Typed while it moved. ");
    writePlainText(fieldFragment(b, "question")!, "A question from B?");
    insertRelatedQuestion(b, { id: "rq-b", index: 0, text: "B's related question" });
    sync(a, b);
    const merged = docToContent(a);
    expect(docToContent(b)).toEqual(merged);
    expect(merged.sections.map((s) => s.id)).toEqual(["s2", "s0", "from-a"]);
    expect(JSON.stringify(merged.sections[0]!.body)).toContain("Typed while it moved. ");
    expect(merged.question).toBe("A question from B?");
    expect(merged.relatedQuestions.map((q) => q.text)).toEqual(["B's related question", ...demoContent(0).relatedQuestions.map((q) => q.text)]);
  });

  it("two sections added at one place at once both stay, in the same order everywhere, and a third fits between them", () => {
    const { a, b } = pair(demoContent(0));
    insertSection(a, { id: "x-from-a", index: 1 });
    insertSection(b, { id: "y-from-b", index: 1 });
    sync(a, b);
    const order = orderedEntries(a, "sections").map((e) => e.id);
    expect(orderedEntries(b, "sections").map((e) => e.id)).toEqual(order);
    expect(order.slice(1, 3).sort()).toEqual(["x-from-a", "y-from-b"]);
    insertSection(a, { id: "between", index: 2 });
    sync(a, b);
    expect(orderedEntries(b, "sections").map((e) => e.id)).toEqual([order[0], order[1], "between", ...order.slice(2)]);
  });
});

describe("the claim in the live document", () => {
  const base: LiveContent = { question: "Q", topic: null, summary: doc(para()), sections: [], relatedQuestions: [] };

  it("reads as undefined while a document lacks it, so a store leaves the stored claim alone", () => {
    const d = contentToDoc(base);
    const content = docToContent(d);
    expect([content.claimReviewed, content.verdict, content.claimAppearance]).toEqual([undefined, undefined, undefined]);
  });

  it("round-trips the claim, the verdict and the appearance, and empties them to null", () => {
    const d = contentToDoc({ ...base, claimReviewed: "The mayor doubled it", verdict: "Misleading", claimAppearance: "https://example.org/post" });
    expect(docToContent(d)).toMatchObject({ claimReviewed: "The mayor doubled it", verdict: "Misleading", claimAppearance: "https://example.org/post" });
    applyContent(d, { claimReviewed: null, verdict: null, claimAppearance: null });
    const emptied = docToContent(d);
    expect([emptied.claimReviewed, emptied.verdict, emptied.claimAppearance]).toEqual([null, null, null]);
    expect(fieldFragment(d, "claimReviewed")!.length).toBe(1);
  });
});
