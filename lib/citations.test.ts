import { describe, expect, it } from "vitest";
import { citationIdsOf, citationLocations, locationLabel, numberCitations, type CitableContent } from "./citations";

const cite = (sourceId: string) => ({ type: "citation", attrs: { sourceId } });
const text = (t: string) => ({ type: "text", text: t });
const para = (...content: object[]) => ({ type: "paragraph", content });
const doc = (...content: object[]) => ({ type: "doc", content });

function check(summary: object, ...sections: [string, object][]): CitableContent {
  return { summary, sections: sections.map(([id, body]) => ({ id, body })) };
}

const numbersOf = (content: CitableContent) => Object.fromEntries(numberCitations(content).numbers);

describe("numberCitations", () => {
  it("numbers the summary first, then the sections in order", () => {
    const content = check(
      doc(para(text("Summary "), cite("s-c"))),
      ["one", doc(para(cite("s-a"), text(" and "), cite("s-b")))],
      ["two", doc(para(cite("s-d")))],
    );
    expect(numberCitations(content).order).toEqual(["s-c", "s-a", "s-b", "s-d"]);
    expect(numbersOf(content)).toEqual({ "s-c": 1, "s-a": 2, "s-b": 3, "s-d": 4 });
  });

  it("keeps one number for a source cited again", () => {
    const content = check(
      doc(para(cite("x"), cite("y"))),
      ["one", doc(para(cite("y")), para(cite("x"), cite("z")))],
      ["two", doc(para(cite("x")))],
    );
    expect(numberCitations(content).order).toEqual(["x", "y", "z"]);
    expect(numbersOf(content)).toEqual({ x: 1, y: 2, z: 3 });
  });

  it("renumbers when sections are reordered", () => {
    const a: [string, object] = ["a", doc(para(cite("first")))];
    const b: [string, object] = ["b", doc(para(cite("second")))];
    expect(numbersOf(check(doc(), a, b))).toEqual({ first: 1, second: 2 });
    expect(numbersOf(check(doc(), b, a))).toEqual({ second: 1, first: 2 });
  });

  it("renumbers when a citation is deleted", () => {
    const before = check(doc(para(cite("a"), cite("b"))), ["s", doc(para(cite("c")))]);
    const after = check(doc(para(cite("b"))), ["s", doc(para(cite("c")))]);
    expect(numbersOf(before)).toEqual({ a: 1, b: 2, c: 3 });
    expect(numbersOf(after)).toEqual({ b: 1, c: 2 });
  });

  it("keeps a number while another citation of the same source remains", () => {
    const content = check(doc(para(cite("a"))), ["s", doc(para(cite("b"), cite("a")))]);
    const withoutFirst = check(doc(para()), ["s", doc(para(cite("b"), cite("a")))]);
    expect(numbersOf(content)).toEqual({ a: 1, b: 2 });
    expect(numbersOf(withoutFirst)).toEqual({ b: 1, a: 2 });
  });

  it("finds citations inside lists and quotes, in document order", () => {
    const body = doc(
      { type: "bulletList", content: [{ type: "listItem", content: [para(cite("in-list"))] }] },
      { type: "blockquote", content: [para(text("q"), cite("in-quote"))] },
      para(cite("after")),
    );
    expect(citationIdsOf(body)).toEqual(["in-list", "in-quote", "after"]);
  });

  it("ignores citations without a source id and empty documents", () => {
    const content = check(doc(para({ type: "citation", attrs: { sourceId: null } })), ["s", null as never]);
    expect(numberCitations(content).order).toEqual([]);
  });
});

describe("citationLocations", () => {
  it("lists each source once per place it is cited", () => {
    const content = check(doc(para(cite("a"), cite("a"))), ["s1", doc(para(cite("a"), cite("b")))], ["s2", doc()]);
    expect(citationLocations(content)).toEqual([
      { sourceId: "a", location: "summary" },
      { sourceId: "a", location: "s1" },
      { sourceId: "b", location: "s1" },
    ]);
  });

  it("labels locations for people", () => {
    const sections = [
      { id: "s1", heading: "What the studies measure" },
      { id: "s2", heading: "  " },
    ];
    expect(locationLabel("summary", sections)).toBe("Executive summary");
    expect(locationLabel("s1", sections)).toBe("Section 1: What the studies measure");
    expect(locationLabel("s2", sections)).toBe("Section 2");
    expect(locationLabel("gone", sections)).toBe("A removed section");
  });
});
