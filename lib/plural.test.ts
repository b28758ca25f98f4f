import { describe, expect, it } from "vitest";
import { countOf } from "./plural";

describe("countOf", () => {
  it("says one thing in the singular and any other number in the plural", () => {
    expect(countOf(1, "matching source")).toBe("1 matching source");
    expect(countOf(0, "matching source")).toBe("0 matching sources");
    expect(countOf(21, "reviewer")).toBe("21 reviewers");
    expect(countOf(2, "day")).toBe("2 days");
    expect(countOf(1, "refresh", "refreshes")).toBe("1 refresh");
    expect(countOf(3, "refresh", "refreshes")).toBe("3 refreshes");
  });
});
