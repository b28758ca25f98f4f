/**
 * The numbered "Sources" list's entries as text: one full stop after each part,
 * never a second one after a title or byline that ends with its own.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SourceList, stopAfter } from "@/components/fact-check/source-list";
import type { ReferenceSource } from "@/lib/citations";

const source = (fields: Partial<ReferenceSource>): ReferenceSource => ({
  id: crypto.randomUUID(),
  url: "https://www.example.org/report",
  title: "A report",
  publisher: null,
  author: null,
  publishedOn: null,
  lastVerifiedOn: null,
  archivedUrl: null,
  status: "live",
  archivedCopyId: null,
  archivedCopyAt: null,
  ...fields,
});

/** The entry's text without the markup (the list items hold nothing else here). */
function entryText(fields: Partial<ReferenceSource>): string {
  const s = source(fields);
  const html = renderToStaticMarkup(createElement(SourceList, { order: [s.id], sources: new Map([[s.id, s]]) }));
  const item = /<li[^>]*>([\s\S]*?)<\/li>/.exec(html)![1]!;
  return item.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
}

describe("a source's entry", () => {
  it("ends a title with a full stop unless it ends with its own punctuation", () => {
    expect(entryText({ title: "Are the official numbers inflated?" })).toBe("Are the official numbers inflated?");
    expect(entryText({ title: "Recruitment rose" })).toBe("Recruitment rose.");
    expect(entryText({ title: "“Who pays?”" })).toBe("“Who pays?”");
    expect(entryText({ title: "Signing bonuses, explained…" })).toBe("Signing bonuses, explained…");
  });

  it("puts one stop between the title and the byline, and one at the end", () => {
    expect(entryText({ title: "Are the official numbers inflated?", publisher: "Example Monitor" })).toBe("Are the official numbers inflated? Example Monitor.");
    expect(entryText({ title: "Recruitment rose", author: "A. Writer", publisher: "Example News Inc." })).toBe("Recruitment rose. A. Writer, Example News Inc.");
    expect(entryText({ title: "Recruitment rose!", publisher: "Example Monitor", publishedOn: "2025-12-19" })).toBe("Recruitment rose! Example Monitor, December 19, 2025.");
    expect(entryText({ title: "Are the numbers inflated?", publishedOn: "2025-12-19" })).toBe("Are the numbers inflated? December 19, 2025.");
    expect(entryText({ title: "Recruitment rose", publishedOn: "2025-12-19" })).toBe("Recruitment rose, December 19, 2025.");
  });

  it("is decided by one rule", () => {
    expect(["inflated?", "Inc.", "why not!", "“Quoted.”", "(see above.)", "wait…"].map(stopAfter)).toEqual(["", "", "", "", "", ""]);
    expect(["inflated", "U.S", "(2025)", "“Quoted”"].map(stopAfter)).toEqual([".", ".", ".", "."]);
  });
});
