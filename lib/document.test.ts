import { describe, expect, it } from "vitest";
import { isAllowedHref, LIMITS, parseRichDoc, type RichDoc } from "./document";

const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const para = (...content: unknown[]) => ({ type: "paragraph", content });
const doc = (...content: unknown[]) => ({ type: "doc", content });
const link = (href: string, extra: Record<string, unknown> = {}) => ({ type: "link", attrs: { href, ...extra } });

function refused(input: unknown): string {
  const result = parseRichDoc(input);
  if (result.ok) throw new Error(`Expected the document to be refused: ${JSON.stringify(input).slice(0, 200)}`);
  return result.message;
}

describe("parseRichDoc accepts the allowlist", () => {
  const everything: RichDoc = {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Plain, " },
          { type: "text", text: "bold", marks: [{ type: "bold" }] },
          { type: "text", text: "italic", marks: [{ type: "italic" }] },
          { type: "text", text: "a link", marks: [{ type: "link", attrs: { href: "https://example.org/a?b=c#d" } }] },
          { type: "hardBreak" },
          { type: "citation", attrs: { sourceId: "src_123" } },
        ],
      },
      { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] }] },
      {
        type: "orderedList",
        attrs: { start: 3 },
        content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "three" }] }] }],
      },
      { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] },
    ],
  };

  it("returns every allowed node and mark unchanged", () => {
    expect(parseRichDoc(everything)).toEqual({ ok: true, value: everything });
  });

  it("parses the same document sent as a JSON string", () => {
    expect(parseRichDoc(JSON.stringify(everything))).toEqual({ ok: true, value: everything });
  });

  it("keeps mailto and http links", () => {
    const input = doc(para(text("mail", [link("mailto:desk@example.org")]), text("web", [link("http://example.org")])));
    expect(parseRichDoc(input)).toEqual({ ok: true, value: input });
  });

  it("strips link attributes other than href", () => {
    const input = doc(para(text("x", [link("https://example.org", { target: "_blank", rel: "noopener", class: "c", onclick: "alert(1)" })])));
    expect(parseRichDoc(input)).toEqual({ ok: true, value: doc(para(text("x", [link("https://example.org")]))) });
  });

  it("drops paragraph attrs and empty content, and gives an empty document one empty paragraph", () => {
    expect(parseRichDoc(doc({ type: "paragraph", attrs: { textAlign: "left" }, content: [] }))).toEqual({
      ok: true,
      value: doc({ type: "paragraph" }),
    });
    expect(parseRichDoc(doc())).toEqual({ ok: true, value: doc({ type: "paragraph" }) });
  });

  it("keeps only the start attr of an ordered list", () => {
    const item = { type: "listItem", content: [para(text("a"))] };
    expect(parseRichDoc(doc({ type: "orderedList", attrs: { start: 2, type: null }, content: [item] }))).toEqual({
      ok: true,
      value: doc({ type: "orderedList", attrs: { start: 2 }, content: [item] }),
    });
  });
});

describe("parseRichDoc refuses", () => {
  it("malformed JSON strings", () => {
    expect(refused('{"type":"doc","content":[')).toBe("Malformed rich-text JSON");
    expect(refused("not json")).toBe("Malformed rich-text JSON");
  });

  it("values that are not a document", () => {
    expect(refused(null)).toBe("Invalid rich text");
    expect(refused({ type: "paragraph", content: [] })).toBe("Rich text contains an unsupported element");
    expect(refused(doc(para({ type: "text", text: "" })))).toBe("Rich text contains an unsupported element");
  });

  it.each(["heading", "image", "codeBlock", "horizontalRule", "table", "iframe", "script"])("the unknown block node %s", (type) => {
    expect(refused(doc({ type, content: [text("x")] }))).toBe("Rich text contains an unsupported element");
  });

  it.each(["mention", "image", "emoji"])("the unknown inline node %s", (type) => {
    expect(refused(doc(para({ type, attrs: { id: "1" } })))).toBe("Rich text contains an unsupported element");
  });

  it.each(["underline", "strike", "code", "highlight", "textStyle"])("the unknown mark %s", (type) => {
    expect(refused(doc(para(text("x", [{ type }]))))).toBe("Rich text contains an unsupported element");
  });

  it("unknown attributes on nodes", () => {
    expect(refused(doc(para({ type: "citation", attrs: { sourceId: "s1", number: 3 } })))).toBe(
      "Rich text contains unsupported attributes",
    );
    expect(refused(doc(para({ type: "text", text: "x", style: "color:red" })))).toBe(
      "Rich text contains unsupported attributes",
    );
  });

  it("a citation without a sourceId", () => {
    expect(refused(doc(para({ type: "citation", attrs: {} })))).toBe("Rich text contains an unsupported element");
    expect(refused(doc(para({ type: "citation", attrs: { sourceId: "" } })))).toBe("Rich text contains an unsupported element");
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative/path",
    "../up",
    "//example.org/protocol-relative",
    "example.org",
    "ftp://example.org/file",
  ])("the link %j", (href) => {
    expect(refused(doc(para(text("x", [link(href)]))))).toBe("Links must be http, https or mailto URLs");
  });

  it("a bad link with the message that says why", () => {
    expect(refused(doc(para(text("x", [link("javascript:alert(1)")]))))).toBe("Links must be http, https or mailto URLs");
  });

  it("nesting deeper than the limit", () => {
    let block: unknown = para(text("deep"));
    for (let i = 0; i < LIMITS.depth; i++) block = { type: "blockquote", content: [block] };
    expect(refused(doc(block))).toBe("Rich text is nested too deeply");
  });

  it.each([5_000, 100_000])("a document nested %i levels deep, without exhausting the stack", (levels) => {
    let block: unknown = para(text("deep"));
    for (let i = 0; i < levels; i++) block = { type: "blockquote", content: [block] };
    expect(refused(doc(block))).toBe("Rich text is nested too deeply");
  });

  it("a document nested 5,000 levels deep, sent as a string", () => {
    const string = `{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(5_000)}{"type":"paragraph"}${"]}".repeat(5_000)}]}`;
    expect(refused(string)).toBe("Rich text is nested too deeply");
  });

  it("attributes nested thousands of levels deep", () => {
    let attrs: unknown = {};
    for (let i = 0; i < 5_000; i++) attrs = { a: attrs };
    expect(refused(doc({ type: "paragraph", attrs }))).toBe("Rich text is nested too deeply");
  });

  it("nesting at the limit is fine", () => {
    let block: unknown = para(text("deep"));
    // doc > blockquote × (depth − 3) > paragraph > text is exactly LIMITS.depth levels.
    for (let i = 0; i < LIMITS.depth - 2; i++) block = { type: "blockquote", content: [block] };
    expect(parseRichDoc(doc(block))).toEqual({ ok: true, value: doc(block) });
  });

  it("documents larger than the limit, as objects and as strings", () => {
    const big = doc(para(text("x".repeat(LIMITS.docBytes))));
    expect(refused(big)).toBe("Text is too long");
    expect(refused(JSON.stringify(big))).toBe("Text is too long");
  });
});

describe("isAllowedHref", () => {
  it.each([
    ["https://example.org", true],
    ["http://example.org/path?q=1#frag", true],
    ["HTTPS://EXAMPLE.ORG", true],
    ["mailto:desk@example.org", true],
    ["javascript:alert(1)", false],
    ["JAVASCRIPT:alert(1)", false],
    ["java\tscript:alert(1)", false],
    ["java\u0000script:alert(1)", false],
    ["https://exa\nmple.org", false],
    ["data:text/html;base64,PHNjcmlwdD4=", false],
    ["vbscript:x", false],
    ["file:///etc/passwd", false],
    ["ftp://example.org", false],
    ["/relative", false],
    ["relative", false],
    ["//example.org", false],
    ["#anchor", false],
    ["", false],
    [`https://example.org/${"a".repeat(LIMITS.linkHref)}`, false],
  ])("%j → %s", (href, allowed) => {
    expect(isAllowedHref(href)).toBe(allowed);
  });
});
