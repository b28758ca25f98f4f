/**
 * The staleness rules (docs/publishing.md, "Staleness"): the one function that decides
 * whether a published check may be outdated, and why. Pages, the refresh queue,
 * the API and the cache lifetime of published pages all call `computeStaleness`.
 *
 * A published check is stale when any of these holds:
 *  - it is older than its refresh interval: today (in the site's time zone) is
 *    past the day `checkedOn + interval days` (interval from the check, else its
 *    topic's policy, else the site default);
 *  - an editor's scheduled refresh day has passed;
 *  - a cited source changed status to `updated`, `dead`, `retracted` or
 *    `unreachable` (the link checker's "dead") after `checkedOn`.
 * Open reader reports, and cited sources whose text the link checker found
 * changed after `checkedOn`, are reasons for the newsroom's queue, never for
 * the public banner (an anonymous form must not be able to flag a page as
 * outdated, and a changed page may change nothing the check relies on: a
 * person decides).
 *
 * Pure: the caller passes `now` and the time zone.
 */
import { formatLongDate } from "./date-format";
import { addDays, daysBetween, formatLocalDate, localDateOf, startOfLocalDay, type LocalDate } from "./local-date";

export type SourceStatus = "live" | "updated" | "dead" | "retracted" | "unreachable";
export type IntervalFrom = "check" | "topic" | "site";

export type CitedSourceState = {
  sourceId: string;
  /** Its `[n]` in the live version (null when it cannot be numbered). */
  number: number | null;
  title: string;
  status: SourceStatus;
  statusChangedAt: Date | null;
};

export type OpenReport = { id: string; note: string | null; createdAt: Date };

/** A cited source whose main text the link checker found changed (lib/server/link-checks.ts). */
export type ChangedSourceText = { sourceId: string; number: number | null; title: string; changedAt: Date };

export type StalenessInput = {
  checkedOn: Date;
  refreshIntervalDays: number;
  intervalFrom: IntervalFrom;
  nextRefreshAt: Date | null;
  sources: readonly CitedSourceState[];
  reports?: readonly OpenReport[];
  /** Cited sources whose text changed (any time: only changes after `checkedOn` count). */
  textChanges?: readonly ChangedSourceText[];
  now: Date;
  timeZone: string;
};

export type StaleReason =
  | { kind: "interval"; intervalDays: number; intervalFrom: IntervalFrom; dueOn: LocalDate }
  | { kind: "scheduled"; scheduledFor: LocalDate }
  | { kind: "source"; sourceId: string; number: number | null; title: string; status: Exclude<SourceStatus, "live">; changedAt: Date };

export type ReportReason = { kind: "report"; reportId: string; note: string | null; at: Date };

/** A cited source's text changed after the check was checked: the queue's, never the banner's. */
export type TextChangeReason = { kind: "source_text"; sourceId: string; number: number | null; title: string; changedAt: Date };

/** Reasons for the newsroom's queue only. */
export type QueueOnlyReason = ReportReason | TextChangeReason;

export type ReasonKind = StaleReason["kind"] | QueueOnlyReason["kind"];

export type Staleness = {
  stale: boolean;
  /** Why the check is stale (empty when it is not). */
  reasons: StaleReason[];
  /** Open reader reports: queue reasons only. */
  reports: ReportReason[];
  /** Cited sources whose text changed after `checkedOn`: queue reasons only. */
  textChanges: TextChangeReason[];
  /** The day the check is due for a refresh: the earlier of the interval's end and the scheduled day. */
  dueOn: LocalDate;
  /** The day the interval ends (stale from the day after). */
  intervalDueOn: LocalDate;
  /** The next instant at which the time rules make a fresh check stale; null when it is stale already. */
  staleAt: Date | null;
  /** The next instant at which a time rule adds a reason (stale or not); null when none will. */
  changesAt: Date | null;
};

const CHANGED_STATUSES = new Set<SourceStatus>(["updated", "dead", "retracted", "unreachable"]);

export function computeStaleness(input: StalenessInput): Staleness {
  const { timeZone, now } = input;
  const today = localDateOf(now, timeZone);
  const reasons: StaleReason[] = [];

  const intervalDueOn = addDays(localDateOf(input.checkedOn, timeZone), input.refreshIntervalDays);
  const transitions: Date[] = [];
  if (today > intervalDueOn) {
    reasons.push({ kind: "interval", intervalDays: input.refreshIntervalDays, intervalFrom: input.intervalFrom, dueOn: intervalDueOn });
  } else {
    transitions.push(startOfLocalDay(addDays(intervalDueOn, 1), timeZone));
  }

  let dueOn = intervalDueOn;
  if (input.nextRefreshAt) {
    const scheduledFor = localDateOf(input.nextRefreshAt, timeZone);
    if (scheduledFor < dueOn) dueOn = scheduledFor;
    if (today > scheduledFor) reasons.push({ kind: "scheduled", scheduledFor });
    else transitions.push(startOfLocalDay(addDays(scheduledFor, 1), timeZone));
  }

  const sourceReasons = input.sources
    .filter(
      (s): s is CitedSourceState & { status: Exclude<SourceStatus, "live">; statusChangedAt: Date } =>
        CHANGED_STATUSES.has(s.status) && !!s.statusChangedAt && s.statusChangedAt.getTime() > input.checkedOn.getTime(),
    )
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity))
    .map((s): StaleReason => ({ kind: "source", sourceId: s.sourceId, number: s.number, title: s.title, status: s.status, changedAt: s.statusChangedAt }));
  reasons.push(...sourceReasons);

  const reports = (input.reports ?? [])
    .map((r): ReportReason => ({ kind: "report", reportId: r.id, note: r.note, at: r.createdAt }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const textChanges = (input.textChanges ?? [])
    .filter((t) => t.changedAt.getTime() > input.checkedOn.getTime())
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity))
    .map((t): TextChangeReason => ({ kind: "source_text", sourceId: t.sourceId, number: t.number, title: t.title, changedAt: t.changedAt }));

  const stale = reasons.length > 0;
  const changesAt = transitions.length === 0 ? null : new Date(Math.min(...transitions.map((d) => d.getTime())));
  const staleAt = stale ? null : changesAt;
  return { stale, reasons, reports, textChanges, dueOn, intervalDueOn, staleAt, changesAt };
}

/** Days from today until the check is due (negative when overdue). */
export function daysUntilDue(staleness: Pick<Staleness, "dueOn">, now: Date, timeZone: string): number {
  return daysBetween(localDateOf(now, timeZone), staleness.dueOn);
}

/** Whether a check belongs in the refresh queue: stale, reported, a cited source's text changed, or due within `windowDays`. */
export function needsRefreshAttention(staleness: Staleness, now: Date, timeZone: string, windowDays = 14): boolean {
  return (
    staleness.stale ||
    staleness.reports.length > 0 ||
    staleness.textChanges.length > 0 ||
    daysUntilDue(staleness, now, timeZone) <= windowDays
  );
}

const STATUS_WORDS: Record<Exclude<SourceStatus, "live">, string> = {
  updated: "updated",
  dead: "marked dead",
  retracted: "retracted",
  unreachable: "unreachable",
};

/** The staff's wording of one reason: "Source [3] retracted on May 2, 2026", "Older than 90 days"… */
export function describeReason(reason: StaleReason | QueueOnlyReason, timeZone: string): string {
  switch (reason.kind) {
    case "interval":
      return `Older than ${reason.intervalDays} ${reason.intervalDays === 1 ? "day" : "days"}`;
    case "scheduled":
      return `Refresh scheduled for ${formatLocalDate(reason.scheduledFor)} is overdue`;
    case "source": {
      const label = reason.number !== null ? `Source [${reason.number}]` : `Source “${reason.title}”`;
      return `${label} ${STATUS_WORDS[reason.status]} on ${formatLongDate(reason.changedAt, timeZone)}`;
    }
    case "report":
      return reason.note ? `Reader report: ${reason.note}` : `Reader report on ${formatLongDate(reason.at, timeZone)} (no note)`;
    case "source_text": {
      const label = reason.number !== null ? `Source [${reason.number}]` : `Source “${reason.title}”`;
      return `${label} changed on ${formatLongDate(reason.changedAt, timeZone)}`;
    }
  }
}

const READER_SOURCE_WORDS: Record<Exclude<SourceStatus, "live">, string> = {
  updated: "has changed since we checked it",
  dead: "is no longer online",
  retracted: "has been withdrawn by its publisher",
  unreachable: "can no longer be reached online",
};

/**
 * One reason in a reader's words, with its date, for the public banner:
 * "A source this check relies on is no longer online (since May 2, 2026).",
 * "This check is due for review (since June 2, 2026)."
 */
export function describeReasonForReaders(reason: StaleReason, timeZone: string): string {
  switch (reason.kind) {
    case "interval":
      return `This check is due for review (since ${formatLocalDate(addDays(reason.dueOn, 1))}).`;
    case "scheduled":
      return `This check is due for review: our editors planned to look at it again by ${formatLocalDate(reason.scheduledFor)}.`;
    case "source":
      return `A source this check relies on ${READER_SOURCE_WORDS[reason.status]} (since ${formatLongDate(reason.changedAt, timeZone)}).`;
  }
}

export const REASON_LABELS: Record<ReasonKind | "due", string> = {
  interval: "Older than its interval",
  scheduled: "Scheduled refresh overdue",
  source: "Source changed",
  report: "Reader report",
  source_text: "Source text changed",
  due: "Due soon",
};
