import { describe, expect, it } from "vitest";
import { computeStaleness, describeReason, describeReasonForReaders, needsRefreshAttention, type StalenessInput } from "./staleness-rules";
import { addDays, localDateOf, startOfLocalDay } from "./local-date";

const TZ = "America/New_York";
/** Noon in New York on a calendar day. */
const noon = (date: string) => new Date(startOfLocalDay(date, TZ).getTime() + 12 * 3_600_000);

function input(overrides: Partial<StalenessInput> = {}): StalenessInput {
  return {
    checkedOn: noon("2026-01-10"),
    refreshIntervalDays: 30,
    intervalFrom: "site",
    nextRefreshAt: null,
    sources: [],
    now: noon("2026-01-20"),
    timeZone: TZ,
    ...overrides,
  };
}

describe("the interval rule", () => {
  it("is fresh the day before and the day the interval ends, stale the day after", () => {
    // Checked on Jan 10 with 30 days: due Feb 9, stale from Feb 10.
    expect(computeStaleness(input({ now: noon("2026-02-08") })).stale).toBe(false);
    expect(computeStaleness(input({ now: noon("2026-02-09") })).stale).toBe(false);
    const after = computeStaleness(input({ now: noon("2026-02-10") }));
    expect(after.stale).toBe(true);
    expect(after.reasons).toEqual([{ kind: "interval", intervalDays: 30, intervalFrom: "site", dueOn: "2026-02-09" }]);
    expect(describeReason(after.reasons[0]!, TZ)).toBe("Older than 30 days");
  });

  it("turns at midnight in the site's time zone, not UTC", () => {
    const firstInstant = startOfLocalDay("2026-02-10", TZ);
    expect(firstInstant.toISOString()).toBe("2026-02-10T05:00:00.000Z");
    expect(computeStaleness(input({ now: new Date(firstInstant.getTime() - 1) })).stale).toBe(false);
    expect(computeStaleness(input({ now: firstInstant })).stale).toBe(true);
  });

  it("reports when a fresh check will turn stale", () => {
    const result = computeStaleness(input());
    expect(result.staleAt?.toISOString()).toBe(startOfLocalDay("2026-02-10", TZ).toISOString());
    expect(result.dueOn).toBe("2026-02-09");
  });
});

describe("the scheduled refresh rule", () => {
  const scheduled = startOfLocalDay("2026-01-25", TZ);
  it("is fresh the day before and on the scheduled day, stale the day after", () => {
    expect(computeStaleness(input({ nextRefreshAt: scheduled, now: noon("2026-01-24") })).stale).toBe(false);
    expect(computeStaleness(input({ nextRefreshAt: scheduled, now: noon("2026-01-25") })).stale).toBe(false);
    const after = computeStaleness(input({ nextRefreshAt: scheduled, now: noon("2026-01-26") }));
    expect(after.reasons).toEqual([{ kind: "scheduled", scheduledFor: "2026-01-25" }]);
    expect(describeReason(after.reasons[0]!, TZ)).toBe("Refresh scheduled for January 25, 2026 is overdue");
  });

  it("brings the due day forward and the stale instant with it", () => {
    const result = computeStaleness(input({ nextRefreshAt: scheduled }));
    expect(result.dueOn).toBe("2026-01-25");
    expect(result.staleAt?.toISOString()).toBe(startOfLocalDay("2026-01-26", TZ).toISOString());
  });
});

describe("the source rule", () => {
  const source = (status: "live" | "updated" | "dead" | "retracted", changedAt: Date | null) => ({
    sourceId: "s1",
    number: 3,
    title: "Annual report",
    status,
    statusChangedAt: changedAt,
  });
  const checkedOn = noon("2026-01-10");

  it("ignores a change the day before checkedOn and one at the same instant", () => {
    expect(computeStaleness(input({ sources: [source("retracted", noon("2026-01-09"))] })).stale).toBe(false);
    expect(computeStaleness(input({ sources: [source("retracted", checkedOn)] })).stale).toBe(false);
  });

  it("counts a change later the same day and the day after", () => {
    const sameDay = computeStaleness(input({ sources: [source("retracted", new Date(checkedOn.getTime() + 60_000))] }));
    expect(sameDay.stale).toBe(true);
    const dayAfter = computeStaleness(input({ sources: [source("dead", noon("2026-01-11"))] }));
    expect(dayAfter.reasons).toEqual([
      { kind: "source", sourceId: "s1", number: 3, title: "Annual report", status: "dead", changedAt: noon("2026-01-11") },
    ]);
  });

  it("names the source's number, status and day", () => {
    const result = computeStaleness(input({ sources: [source("retracted", noon("2026-01-12"))] }));
    expect(describeReason(result.reasons[0]!, TZ)).toBe("Source [3] retracted on January 12, 2026");
  });

  it("ignores a source that is live again", () => {
    expect(computeStaleness(input({ sources: [source("live", noon("2026-01-12"))] })).stale).toBe(false);
  });
});

describe("the readers' wording", () => {
  const changed = (status: "updated" | "dead" | "retracted") =>
    computeStaleness(input({ sources: [{ sourceId: "s1", number: 3, title: "Annual report", status, statusChangedAt: noon("2026-01-12") }] }));

  it("says why in a reader's words, with the date", () => {
    expect(describeReasonForReaders(changed("dead").reasons[0]!, TZ)).toBe("A source this check relies on is no longer online (since January 12, 2026).");
    expect(describeReasonForReaders(changed("retracted").reasons[0]!, TZ)).toBe(
      "A source this check relies on has been withdrawn by its publisher (since January 12, 2026).",
    );
    expect(describeReasonForReaders(changed("updated").reasons[0]!, TZ)).toBe("A source this check relies on has changed since we checked it (since January 12, 2026).");
    // Checked on Jan 10 with 30 days: due Feb 9, so due for review since Feb 10.
    const old = computeStaleness(input({ now: noon("2026-02-12") }));
    expect(old.reasons.map((r) => describeReasonForReaders(r, TZ))).toEqual(["This check is due for review (since February 10, 2026)."]);
    const planned = computeStaleness(input({ nextRefreshAt: startOfLocalDay("2026-01-15", TZ) }));
    expect(planned.reasons.map((r) => describeReasonForReaders(r, TZ))).toEqual([
      "This check is due for review: our editors planned to look at it again by January 15, 2026.",
    ]);
  });

  it("knows when a stale check's banner gains a reason (the cached page's end), and when nothing more will change", () => {
    // Stale through a source on Jan 20; the interval adds its reason from Feb 10.
    const stale = changed("dead");
    expect([stale.stale, stale.staleAt, stale.changesAt?.toISOString()]).toEqual([true, null, startOfLocalDay("2026-02-10", TZ).toISOString()]);
    const past = computeStaleness(input({ now: noon("2026-02-12") }));
    expect([past.stale, past.changesAt]).toEqual([true, null]);
  });
});

describe("reader reports", () => {
  it("are queue reasons but never make the check stale for readers", () => {
    const result = computeStaleness(input({ reports: [{ id: "r1", note: "The law changed", createdAt: noon("2026-01-15") }] }));
    expect(result.stale).toBe(false);
    expect(result.reports).toHaveLength(1);
    expect(describeReason(result.reports[0]!, TZ)).toBe("Reader report: The law changed");
    expect(needsRefreshAttention(result, noon("2026-01-20"), TZ)).toBe(true);
  });
});

describe("the link checker's reasons", () => {
  it("an unreachable source makes the check stale as a dead one does, in staff's and readers' words", () => {
    const result = computeStaleness(
      input({ sources: [{ sourceId: "s1", number: 2, title: "Census table", status: "unreachable", statusChangedAt: noon("2026-01-15") }] }),
    );
    expect(result.stale).toBe(true);
    expect(result.reasons).toEqual([{ kind: "source", sourceId: "s1", number: 2, title: "Census table", status: "unreachable", changedAt: noon("2026-01-15") }]);
    expect(describeReason(result.reasons[0]!, TZ)).toBe("Source [2] unreachable on January 15, 2026");
    expect(describeReasonForReaders(result.reasons[0]!, TZ)).toBe("A source this check relies on can no longer be reached online (since January 15, 2026).");
  });

  it("a source whose text changed after the check was checked is a queue reason only", () => {
    const changes = [
      { sourceId: "s1", number: 3, title: "Budget page", changedAt: noon("2026-01-15") },
      { sourceId: "s2", number: 1, title: "Old change", changedAt: noon("2026-01-05") },
      { sourceId: "s3", number: null, title: "Unnumbered", changedAt: noon("2026-01-16") },
    ];
    const result = computeStaleness(input({ textChanges: changes, now: noon("2026-01-20") }));
    expect(result.stale).toBe(false);
    expect(result.reasons).toEqual([]);
    expect(result.textChanges.map((t) => describeReason(t, TZ))).toEqual(["Source [3] changed on January 15, 2026", "Source “Unnumbered” changed on January 16, 2026"]);
    // Not due for a long while, yet in the queue for the change.
    expect(needsRefreshAttention(result, noon("2026-01-20"), TZ)).toBe(true);
    expect(needsRefreshAttention(computeStaleness(input({ textChanges: [changes[1]!] })), noon("2026-01-20"), TZ)).toBe(false);
  });
});

describe("the refresh window", () => {
  it("includes checks due within 14 days and not later ones", () => {
    const due = computeStaleness(input());
    // Due Feb 9: in the window from Jan 26, not before.
    expect(needsRefreshAttention(due, noon("2026-01-25"), TZ)).toBe(false);
    expect(needsRefreshAttention(due, noon("2026-01-26"), TZ)).toBe(true);
  });
});

describe("local dates", () => {
  it("count calendar days across a DST change", () => {
    expect(addDays("2026-03-07", 2)).toBe("2026-03-09");
    expect(localDateOf(startOfLocalDay("2026-03-09", TZ), TZ)).toBe("2026-03-09");
    expect(startOfLocalDay("2026-03-09", TZ).toISOString()).toBe("2026-03-09T04:00:00.000Z");
  });
});
