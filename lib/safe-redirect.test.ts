import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-redirect";

const FALLBACK = "/desk";

/** Values that would leave the site, or could, in some browser: each falls back. */
const REFUSED = [
  // Control characters, which URL parsers drop (tab, CR, LF) or keep (NUL).
  "/\t/evil.example",
  "/\t\\evil.example",
  "/\r/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\0/evil.example",
  "\t//evil.example",
  "/\u007f/evil.example",
  // Backslashes, which browsers read as slashes.
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  // Slashes that make a host.
  "//evil.example",
  "///evil.example",
  "////evil.example/desk",
  "/.//evil.example",
  "/..//evil.example",
  "/desk/..//evil.example",
  // Encoded slashes that were not decoded: not a path.
  "%2F%2Fevil.example",
  "%2f%5cevil.example",
  // Schemes.
  "https://evil.example",
  "http://evil.example/desk",
  "http:/evil.example",
  "http:evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // Leading spaces, which URL parsers drop.
  " //evil.example",
  "   /\\evil.example",
  "\u0020\u000c//evil.example",
  // Look-alike slashes are not slashes: a value that starts with one is not a path.
  "\uff0f\uff0fevil.example",
  "\u2215\u2215evil.example",
  "\u2044\u2044evil.example",
  // Nothing, or not a string.
  "",
  "desk",
  "evil.example",
  "?x=1",
  "#top",
];

describe("safeCallbackPath", () => {
  it.each(REFUSED.map((value) => [JSON.stringify(value), value]))("refuses %s", (_, value) => {
    expect(safeCallbackPath(value)).toBe(FALLBACK);
  });

  it("refuses what is not a string", () => {
    for (const value of [undefined, null, 42, ["/desk"], { toString: () => "/desk" }]) expect(safeCallbackPath(value)).toBe(FALLBACK);
  });

  it("uses the fallback it is given", () => {
    expect(safeCallbackPath("//evil.example", "/login")).toBe("/login");
  });

  it.each([
    ["/desk/fact-checks/x?tab=1#s2", "/desk/fact-checks/x?tab=1#s2"],
    ["/desk", "/desk"],
    ["/", "/"],
    ["/sources?q=a%20b&status=dead", "/sources?q=a%20b&status=dead"],
    ["/login?callbackUrl=%2F%2Fevil.example", "/login?callbackUrl=%2F%2Fevil.example"],
    ["/desk/./new", "/desk/new"],
    ["/desk/../sources", "/sources"],
    // Still paths of this site (that answer "not found"): encoded characters stay encoded.
    ["/%5Cevil.example", "/%5Cevil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%09/evil.example", "/%09/evil.example"],
    ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    ["/ /evil.example", "/%20/evil.example"],
  ])("keeps the path %s on the site as %s", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });
});
