import { describe, expect, it } from "vitest";
import { anchorText, createAnchor, locateQuote, reanchor, type Anchor } from "./anchors";
import type { RichDoc } from "./document";

const TEXT =
  "The city counted 412 new homes in 2024. Most were apartments near the river. The mayor said the figure was a record, but the 2019 count was higher.";

function anchorOn(text: string, quote: string): Anchor {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error("quote not in text");
  return createAnchor(text, { start, end: start + quote.length });
}

const QUOTE = "the figure was a record";

describe("reanchor", () => {
  const anchor = anchorOn(TEXT, QUOTE);

  it("keeps the passage when text is inserted before it", () => {
    const edited = "Update: " + TEXT.replace("412 new homes", "about 412 new homes and 30 shops");
    const next = reanchor(edited, anchor);
    expect(next?.text).toBe(QUOTE);
    expect(edited.slice(next!.offset, next!.offset + next!.text.length)).toBe(QUOTE);
  });

  it("keeps the passage when text after it changes", () => {
    const edited = TEXT.replace("but the 2019 count was higher.", "which records from 2019 contradict. More soon.");
    const next = reanchor(edited, anchor);
    expect(next?.text).toBe(QUOTE);
    expect(next?.offset).toBe(edited.indexOf(QUOTE));
  });

  it("follows the passage when it is edited inside", () => {
    const edited = TEXT.replace("the figure was a record", "the figure was an all-time record");
    const next = reanchor(edited, anchor);
    expect(next?.text).toBe("the figure was an all-time record");
    expect(next?.offset).toBe(edited.indexOf("the figure was an all-time record"));
  });

  it("follows it through several edits in a row, before, inside and after", () => {
    let text = TEXT;
    let current: Anchor | null = anchor;
    for (const [from, to] of [
      ["The city", "In a statement, the city"],
      ["a record", "a clear record"],
      ["was higher.", "was higher, by 40 homes."],
      ["Most were", "Nearly all were"],
    ] as const) {
      text = text.replace(from, to);
      current = reanchor(text, current!);
      expect(current).not.toBeNull();
    }
    expect(current!.text).toBe("the figure was a clear record");
  });

  it("detaches when the passage is deleted", () => {
    const edited = TEXT.replace("The mayor said the figure was a record, but the 2019 count was higher.", "");
    expect(reanchor(edited.trim(), anchor)).toBeNull();
  });

  it("detaches when only the passage is cut out and its context closes up", () => {
    const edited = TEXT.replace(QUOTE + ", ", "");
    expect(reanchor(edited, anchor)).toBeNull();
  });

  it("detaches when the passage is rewritten beyond recognition", () => {
    const edited = TEXT.replace(QUOTE, "officials declined to comment on totals");
    expect(reanchor(edited, anchor)).toBeNull();
  });

  it("picks the occurrence whose context matches when the quote repeats", () => {
    const text = "Prices rose. Officials said prices rose. Analysts said prices rose again.";
    const second = text.indexOf("prices rose", text.indexOf("Analysts"));
    const a = createAnchor(text, { start: second, end: second + "prices rose".length });
    const edited = "Note: " + text;
    const next = reanchor(edited, a)!;
    expect(next.offset).toBe(edited.indexOf("prices rose", edited.indexOf("Analysts")));
  });

  it("anchors at the very start and end of a text", () => {
    const first = anchorOn(TEXT, "The city counted");
    expect(reanchor("Breaking: " + TEXT, first)?.text).toBe("The city counted");
    const last = anchorOn(TEXT, "count was higher.");
    expect(reanchor(TEXT + " More later.", last)?.text).toBe("count was higher.");
  });
});

describe("locateQuote", () => {
  it("returns null when the quote is absent", () => {
    expect(locateQuote(TEXT, "not there")).toBeNull();
  });
});

describe("anchorText", () => {
  it("joins blocks with a space, skips citations and collapses whitespace", () => {
    const doc: RichDoc = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "One  two" }, { type: "citation", attrs: { sourceId: "s1" } }, { type: "text", text: "." }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Three" }] }] }] },
        { type: "paragraph" },
      ],
    };
    expect(anchorText(doc)).toBe("One two. Three");
  });
});
