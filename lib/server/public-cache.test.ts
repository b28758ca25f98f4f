import { describe, expect, it } from "vitest";
import { MAX_LIFETIME_S, secondsUntilFirst } from "./public-cache";

describe("secondsUntilFirst", () => {
  const at = new Date("2026-11-27T10:00:00Z");

  it("is the time until the first instant still to come", () => {
    expect(secondsUntilFirst(["2026-11-28T00:00:00Z", "2026-11-27T10:30:00Z", null], at)).toBe(1800);
  });

  it("ignores instants already past or exactly now (they have had their effect) and missing ones", () => {
    expect(secondsUntilFirst(["2026-11-27T09:00:00Z", "2026-11-27T10:00:00Z", null, "2026-11-27T10:00:01Z"], at)).toBe(1);
  });

  it("is the longest lifetime when nothing is to come", () => {
    expect(secondsUntilFirst([], at)).toBe(MAX_LIFETIME_S);
    expect(secondsUntilFirst([null, "2026-01-01T00:00:00Z"], at)).toBe(MAX_LIFETIME_S);
  });
});
