/**
 * The editor and the server renderer number citations the same way: the same
 * document gives the same `[n]` sequence in the editor (ProseMirror documents
 * built with the editor's own schema) and in the server-rendered article, also
 * after a section moves and after a citation is deleted.
 */
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getSchema } from "@tiptap/core";
import { Node as PmNode } from "@tiptap/pm/model";
import { FactCheckArticle } from "@/components/fact-check/fact-check-article";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { citationIdsOfPmDoc, numberEditorFields } from "@/components/editor/citation-numbering";
import { citationsOfDoc } from "@/components/editor/opening-citations";
import { contentToDoc, fieldFragment, moveEntry } from "@/lib/collab/document";
import { factCheckExtensions } from "@/components/editor/extensions";
import type { ReferenceSource } from "@/lib/citations";
import type { RichDoc, Section } from "@/lib/document";

const schema = getSchema(factCheckExtensions());

const cite = (sourceId: string) => ({ type: "citation" as const, attrs: { sourceId } });
const text = (t: string) => ({ type: "text" as const, text: t });
const para = (...content: (ReturnType<typeof cite> | ReturnType<typeof text>)[]) => ({ type: "paragraph" as const, content });
const doc = (...content: RichDoc["content"]): RichDoc => ({ type: "doc", content });

const source = (id: string): ReferenceSource => ({
  id,
  url: `https://www.example.org/${id}`,
  title: `Title ${id}`,
  publisher: `Publisher ${id}`,
  author: null,
  publishedOn: null,
  lastVerifiedOn: null,
  archivedUrl: null,
  status: "live",
  archivedCopyId: null,
  archivedCopyAt: null,
});

/** `[n]` in document order, as the editor shows them. */
function editorNumbers(summary: RichDoc, sections: Section[]): number[] {
  const fields = [{ key: "summary", doc: summary }, ...sections.map((s) => ({ key: `section:${s.id}:body`, doc: s.body }))];
  const idsByField = Object.fromEntries(fields.map((f) => [f.key, citationIdsOfPmDoc(PmNode.fromJSON(schema, f.doc))]));
  const numbering = numberEditorFields(fields.map((f) => f.key), idsByField);
  return fields.flatMap((f) => idsByField[f.key]!.map((id) => numbering.numbers.get(id)!));
}

/** `[n]` in document order, as the server renders them for readers. */
function serverNumbers(summary: RichDoc, sections: Section[]): number[] {
  const ids = new Set(JSON.stringify({ summary, sections }).match(/"sourceId":"([^"]+)"/g)!.map((m) => m.slice(12, -1)));
  const html = renderToStaticMarkup(
    createElement(FactCheckArticle, {
      content: { question: "Q?", summary, sections, relatedQuestions: [] },
      sources: [...ids].map(source),
    }),
  );
  return [...html.matchAll(/>\[(\d+)\]<\/a>/g)].map((m) => Number(m[1]));
}

describe("editor and server numbering agree", () => {
  const summary = doc(para(text("In short "), cite("c"), cite("a")));
  const one: Section = {
    id: "one",
    heading: "First",
    body: doc(
      para(cite("b"), text(" and again "), cite("c")),
      { type: "bulletList", content: [{ type: "listItem", content: [para(cite("d"))] }] },
    ),
  };
  const two: Section = { id: "two", heading: "Second", body: doc({ type: "blockquote", content: [para(cite("e"), cite("a"))] }) };

  it("on the same document", () => {
    const expected = [1, 2, 3, 1, 4, 5, 2];
    expect(editorNumbers(summary, [one, two])).toEqual(expected);
    expect(serverNumbers(summary, [one, two])).toEqual(expected);
  });

  it("after the sections are reordered", () => {
    const expected = [1, 2, 3, 2, 4, 1, 5];
    expect(editorNumbers(summary, [two, one])).toEqual(expected);
    expect(serverNumbers(summary, [two, one])).toEqual(expected);
  });

  it("after a citation is deleted", () => {
    const shorter = doc(para(text("In short "), cite("a")));
    const expected = [1, 2, 3, 4, 5, 1];
    expect(editorNumbers(shorter, [one, two])).toEqual(expected);
    expect(serverNumbers(shorter, [one, two])).toEqual(expected);
  });
});

describe("the numbering the editor opens with", () => {
  const summary = doc(para(text("In short "), cite("c"), cite("a")));
  const one: Section = {
    id: "one",
    heading: "First",
    body: doc(para(cite("b"), text(" and again "), cite("c")), { type: "bulletList", content: [{ type: "listItem", content: [para(cite("d"))] }] }),
  };
  const two: Section = { id: "two", heading: "Second", body: doc({ type: "blockquote", content: [para(cite("e"), cite("a"))] }) };
  const empty: Section = { id: "three", heading: "Third", body: doc(para(text("No sources here"))) };

  /** What each field's editor reports once made: its citations, read from the document it builds from the field. */
  const editorsReport = (live: ReturnType<typeof contentToDoc>, keys: string[]) =>
    Object.fromEntries(keys.map((key) => [key, citationIdsOfPmDoc(yXmlFragmentToProseMirrorRootNode(fieldFragment(live, key)!, schema))]));

  it("is what the fields' editors report, in reading order", () => {
    const live = contentToDoc({ question: "Q?", topic: null, summary, sections: [one, two, empty], relatedQuestions: [] });
    const opening = citationsOfDoc(live);
    expect(opening.order).toEqual(["summary", "section:one:body", "section:two:body", "section:three:body"]);
    expect(opening.idsByField).toEqual(editorsReport(live, opening.order));
    expect(opening.idsByField["section:one:body"]).toEqual(["b", "c", "d"]);
    expect(opening.idsByField["section:three:body"]).toEqual([]);
    const numbering = numberEditorFields(opening.order, opening.idsByField);
    expect(numbering.order).toEqual(["c", "a", "b", "d", "e"]);
  });

  it("follows the sections' order in the document", () => {
    const live = contentToDoc({ question: "Q?", topic: null, summary: doc(para(text("No sources"))), sections: [one, two], relatedQuestions: [] });
    moveEntry(live, "sections", "two", 0);
    const opening = citationsOfDoc(live);
    expect(opening.order).toEqual(["summary", "section:two:body", "section:one:body"]);
    expect(numberEditorFields(opening.order, opening.idsByField).order).toEqual(["e", "a", "b", "c", "d"]);
  });
});
