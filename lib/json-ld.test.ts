import { describe, expect, it } from "vitest";
import { jsonLd } from "./json-ld";

describe("jsonLd", () => {
  it("escapes < so stored text cannot close the script element, and stays the same JSON", () => {
    const value = { claimReviewed: "</script><script>alert(1)</script>", note: "a\u2028b" };
    const text = jsonLd(value);
    expect(text).not.toContain("<");
    expect(text).not.toContain("\u2028");
    expect(text).toContain("\\u003c/script>");
    expect(JSON.parse(text)).toEqual(value);
  });
});
