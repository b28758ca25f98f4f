import { describe, expect, it } from "vitest";
import { checkedOnLabel, formatDateTime, formatLongDate, INTL_FORMATS } from "./date-format";
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

  it("writes UTC dates and times without Intl, as Intl's en-US formatter does", () => {
    const intl = (options: Intl.DateTimeFormatOptions, instant: Date) => new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" }).format(instant);
    const instants: Date[] = [];
    // Every month, at midnight, just after it, at noon and at the day's last minute; the first and last days of months; leap days.
    for (let month = 0; month < 12; month++) {
      for (const [day, h, m] of [[1, 0, 0], [1, 0, 5], [15, 12, 0], [28, 23, 59], [31, 9, 7]] as const) instants.push(new Date(Date.UTC(2026, month, day, h, m, 30)));
    }
    instants.push(new Date(Date.UTC(2024, 1, 29, 0, 0)), new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), new Date(Date.UTC(2100, 0, 1)));
    for (const instant of instants) {
      expect(formatLongDate(instant), instant.toISOString()).toBe(intl(INTL_FORMATS.longDate, instant));
      expect(formatDateTime(instant), instant.toISOString()).toBe(intl(INTL_FORMATS.dateTime, instant));
      expect(formatDateTime(instant.toISOString()), instant.toISOString()).toBe(intl(INTL_FORMATS.dateTime, instant));
    }
    expect(formatDateTime("2026-09-01T00:05:00Z")).toBe("Sep 1, 2026, 00:05 UTC");
    // The hour after midnight is 00 in every zone (en-US's `hour12: false` wrote it as 24).
    expect(formatDateTime("2026-09-01T04:05:00Z", "America/New_York")).toBe("Sep 1, 2026, 00:05 EDT");
    expect(checkedOnLabel("2026-09-01T00:05:00Z")).toBe("Checked on September 1, 2026");
  });

  it("refuses a date that is not one, in UTC as in other zones", () => {
    expect(() => formatLongDate("not a date")).toThrow(RangeError);
    expect(() => formatDateTime("not a date")).toThrow(RangeError);
    expect(() => formatDateTime("not a date", "America/New_York")).toThrow(RangeError);
  });
});
