import { describe, expect, it } from "vitest";
import { checkedOnLabel, formatDateTime, formatLongDate } from "./date-format";
import { formatLocalDate } from "./local-date";

describe("date formatting (formatters are reused)", () => {
  it("gives each time zone its own day, however often it is asked", () => {
    const instant = "2026-05-03T23:30:00Z";
    for (let i = 0; i < 3; i++) {
      expect(formatLongDate(instant)).toBe("May 3, 2026");
      expect(formatLongDate(instant, "Pacific/Kiritimati")).toBe("May 4, 2026");
      expect(formatLongDate(instant, "America/New_York")).toBe("May 3, 2026");
      expect(checkedOnLabel(new Date(instant), "Pacific/Kiritimati")).toBe("Checked on May 4, 2026");
    }
  });

  it("gives a time with its zone named, in each zone asked, however often it is asked", () => {
    const instant = "2026-05-03T23:30:00Z";
    for (let i = 0; i < 3; i++) {
      expect(formatDateTime(instant)).toBe("May 3, 2026, 23:30 UTC");
      expect(formatDateTime(new Date(instant), "America/New_York")).toBe("May 3, 2026, 19:30 EDT");
      expect(formatDateTime(instant, "Pacific/Kiritimati")).toBe("May 4, 2026, 13:30 GMT+14");
    }
    expect(() => formatDateTime(instant, "Mars/Olympus_Mons")).toThrow(RangeError);
  });

  it("formats a calendar day with the options given, and the long form by default", () => {
    for (let i = 0; i < 3; i++) {
      expect(formatLocalDate("2026-05-03")).toBe("May 3, 2026");
      expect(formatLocalDate("2026-11-03", { month: "short", day: "numeric", year: "numeric" })).toBe("Nov 3, 2026");
      expect(formatLocalDate("2026-11-03", { weekday: "long", month: "long", day: "numeric" })).toBe("Tuesday, November 3");
      expect(formatLocalDate("2026-11-03", { month: "long", year: "numeric" })).toBe("November 2026");
    }
  });

  it("refuses an unknown time zone, as before", () => {
    expect(() => formatLongDate("2026-05-03T00:00:00Z", "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
