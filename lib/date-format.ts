/** Date formatting for people. Times are stored in UTC; these render them in a given time zone. */
import { dateFormat, LONG_DATE } from "./local-date";

const DEFAULT_TIME_ZONE = "UTC";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * The instant `value` in UTC, for the two formats below written without
 * Intl: the same text as en-US's formatter gives (the tests compare them),
 * without making a page's first Intl object. In a browser that first object
 * sets up ICU's data, 30–60 ms of the page's one thread on a 2-core machine,
 * and the desk's client components (comments, sources' archived copies) show
 * dates in UTC as the editor and the review page open.
 */
function utcParts(value: Date | string) {
  const date = new Date(value);
  // As Intl's format does.
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid time value");
  return { year: date.getUTCFullYear(), month: MONTHS[date.getUTCMonth()]!, day: date.getUTCDate(), hours: date.getUTCHours(), minutes: date.getUTCMinutes() };
}
const twoDigits = (n: number) => String(n).padStart(2, "0");

/** "December 19, 2025" */
export function formatLongDate(value: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  if (timeZone === "UTC") {
    const { year, month, day } = utcParts(value);
    return `${month} ${day}, ${year}`;
  }
  return dateFormat({ ...LONG_DATE, timeZone }).format(new Date(value));
}

/** "Checked on December 19, 2025" */
export function checkedOnLabel(value: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  return `Checked on ${formatLongDate(value, timeZone)}`;
}

// `hourCycle: "h23"`, not `hour12: false`: with the latter, en-US writes the hour after midnight as 24 ("Jan 1, 2026, 24:05", meaning the start of Jan 1).
const DATE_TIME: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };

/** "Dec 19, 2025, 14:05 UTC": the zone is named, so a time is never ambiguous. */
export function formatDateTime(value: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  if (timeZone === "UTC") {
    const { year, month, day, hours, minutes } = utcParts(value);
    return `${month.slice(0, 3)} ${day}, ${year}, ${twoDigits(hours)}:${twoDigits(minutes)} UTC`;
  }
  // One formatter per zone (dateFormat): making one costs some 150 µs, formatting with it about 1 µs.
  return dateFormat({ ...DATE_TIME, timeZone }).format(new Date(value));
}

/** The two formats as Intl's en-US formatter gives them, for the tests to compare with. */
export const INTL_FORMATS = { longDate: LONG_DATE, dateTime: DATE_TIME };
