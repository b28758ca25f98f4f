import { describe, expect, it } from "vitest";
import { looksLikeUrl, normalizeSourceUrl, parseSourceUrl } from "./url";

function key(input: string): string {
  const result = parseSourceUrl(input);
  if (!result.ok) throw new Error(`${input}: ${result.message}`);
  return result.normalized;
}

// Each pair must normalize to the same key.
const SAME: [string, string][] = [
  ["HTTPS://WWW.Example.ORG/report", "https://www.example.org/report"],
  ["https://www.example.org:443/report", "https://www.example.org/report"],
  ["http://example.org:80/report", "http://example.org/report"],
  ["https://example.org/report/", "https://example.org/report"],
  ["https://example.org/report#methods", "https://example.org/report"],
  ["https://example.org/", "https://example.org"],
  ["https://example.org/a?utm_source=newsletter&utm_medium=email", "https://example.org/a"],
  ["https://example.org/a?UTM_Campaign=x", "https://example.org/a"],
  ["https://example.org/a?fbclid=IwAR0abc", "https://example.org/a"],
  ["https://example.org/a?gclid=Cj0KCQ&id=7", "https://example.org/a?id=7"],
  ["https://example.org/a?msclkid=1&mc_cid=2&mc_eid=3", "https://example.org/a"],
  ["https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"],
  ["https://user:secret@example.org/a", "https://example.org/a"],
  ["example.org/report", "https://example.org/report"],
  ["  https://example.org/report  ", "https://example.org/report"],
  ["https://example.org/a/?id=3#top", "https://example.org/a?id=3"],
  ["https://EXAMPLE.org/data.csv?utm_term=x#row=4", "https://example.org/data.csv"],
  ["https://example.org/a#:~:text=quoted%20passage", "https://example.org/a"],
  ["https://example.org//a", "https://example.org/a"],
  ["https://example.org/search?q=bike%20lanes", "https://example.org/search?q=bike+lanes"],
];

// Each pair must stay two different sources.
const DIFFERENT: [string, string][] = [
  ["http://example.org/report", "https://example.org/report"],
  ["https://www.example.org/report", "https://example.org/report"],
  ["https://example.org/Report", "https://example.org/report"],
  ["https://example.org/report?id=1", "https://example.org/report?id=2"],
  ["https://example.org/report?id=1", "https://example.org/report"],
  ["https://example.org:8443/report", "https://example.org/report"],
  ["https://example.org/report", "https://example.org/reports"],
  ["https://example.org/a/b", "https://example.org/a"],
  ["https://example.com/report", "https://example.org/report"],
  ["https://news.example.org/a", "https://example.org/a"],
  ["https://example.org/a?ref=homepage", "https://example.org/a"],
  ["https://example.org/index.html", "https://example.org"],
];

describe("source URL normalization", () => {
  it.each(SAME)("%s equals %s", (a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each(DIFFERENT)("%s differs from %s", (a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it("gives a stable, readable key", () => {
    expect(key("HTTPS://Example.ORG:443/a/?utm_source=x&b=2&a=1#frag")).toBe("https://example.org/a?a=1&b=2");
    expect(normalizeSourceUrl("https://example.org/a?a=1&b=2")).toBe("https://example.org/a?a=1&b=2");
  });

  it("keeps the pasted URL for readers but drops tracking parameters from it", () => {
    const result = parseSourceUrl("https://www.example.org/Report/?utm_source=x&page=2#methods");
    expect(result).toEqual({
      ok: true,
      url: "https://www.example.org/Report/?page=2#methods",
      normalized: "https://www.example.org/Report?page=2",
    });
  });

  it.each([
    ["", "Enter the source's URL"],
    ["javascript:alert(1)", "Source URLs must start with http:// or https://"],
    ["ftp://example.org/file", "Source URLs must start with http:// or https://"],
    ["data:text/html,hi", "Source URLs must start with http:// or https://"],
    ["mailto:desk@example.org", "Source URLs must start with http:// or https://"],
    ["https://exa mple.org", "A URL cannot contain spaces or control characters"],
    ["report", "Enter a full address, such as https://www.example.org/report"],
    ["https://", "This is not a valid URL"],
    [`https://example.org/${"a".repeat(2100)}`, "URLs must be at most 2048 characters"],
  ])("refuses %j", (input, message) => {
    expect(parseSourceUrl(input)).toEqual({ ok: false, message });
  });

  it("accepts a host with a port and no scheme", () => {
    expect(key("example.org:8080/a")).toBe("https://example.org:8080/a");
  });

  it("tells URL-like search queries from words", () => {
    expect(looksLikeUrl("https://example.org/a")).toBe(true);
    expect(looksLikeUrl("example.org")).toBe(true);
    expect(looksLikeUrl("www.example")).toBe(true);
    expect(looksLikeUrl("stats.example.gov/report")).toBe(true);
    expect(looksLikeUrl("bike lanes")).toBe(false);
    expect(looksLikeUrl("injuries")).toBe(false);
    expect(looksLikeUrl("")).toBe(false);
  });
});
