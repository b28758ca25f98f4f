/** The editors' refresh queue, scheduling (single and bulk) and the calendar; reader search. */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { factChecks, notifications, publishedVersions } from "@/db/schema";
import { addDays, localDateOf } from "@/lib/local-date";
import { reportOutdated } from "@/lib/server/reader-reports";
import { searchPublished } from "@/lib/server/public";
import { getRefreshCalendar, listRefreshQueue, notifyDueRefreshes, QUEUE_WINDOW_DAYS, scheduleRefresh } from "@/lib/server/refresh";
import { getSiteSettings, setTopicPolicy, updateSiteSettings } from "@/lib/server/settings";
import { loadStalenessContext, stalenessOf } from "@/lib/server/staleness";
import { needsRefreshAttention } from "@/lib/staleness-rules";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createApprovedCheck, createPublishedCheck, createSource, moveClockDays, setSourceStatus, type Team } from "./publishing-fixtures";

const getDb = useTestDatabase();

let writer: TestUser, writer2: TestUser, reviewer: TestUser, editor: TestUser;
let team: Team;
beforeAll(async () => {
  [writer, writer2, reviewer, editor] = await Promise.all([createWriter(), createWriter(), createReviewer(), createEditor()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
});
afterEach(() => moveClockDays(0));

const today = () => localDateOf(new Date(), "UTC");

describe("the refresh queue", () => {
  let old: Awaited<ReturnType<typeof createPublishedCheck>>;
  let dueSoon: typeof old, fresh: typeof old, reported: typeof old;
  beforeAll(async () => {
    moveClockDays(-100);
    old = await createPublishedCheck(team, { topic: "Transport" });
    moveClockDays(-80);
    dueSoon = await createPublishedCheck(team, { topic: "Health" });
    moveClockDays(0);
    fresh = await createPublishedCheck(team, { topic: "Health" });
    reported = await createPublishedCheck(team, { topic: "Health" });
    await reportOutdated({ slug: reported.version.slug, note: "The clinic closed in May", address: "203.0.113.9" });
  });

  it("lists stale, reported and soon-due checks with their reasons, and leaves fresh ones out", async () => {
    const { items } = await listRefreshQueue({ actor: editor.actor });
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(old.factCheck.id)?.reasons.map((r) => r.text)).toEqual(["Older than 90 days"]);
    expect(byId.get(old.factCheck.id)?.stale).toBe(true);
    expect(byId.get(dueSoon.factCheck.id)?.reasons.map((r) => r.kind)).toEqual(["due"]);
    expect(byId.get(dueSoon.factCheck.id)?.daysUntilDue).toBe(10);
    expect(byId.get(reported.factCheck.id)?.reasons.map((r) => r.text)).toEqual(["Reader report: The clinic closed in May", expect.stringMatching(/^Due in 90 days/)]);
    expect(byId.has(fresh.factCheck.id)).toBe(false);
    // Most overdue first.
    expect(items.findIndex((i) => i.id === old.factCheck.id)).toBeLessThan(items.findIndex((i) => i.id === dueSoon.factCheck.id));

    const transport = await listRefreshQueue({ actor: editor.actor, filters: { topic: "transport" } });
    expect(transport.items.map((i) => i.id)).toEqual([old.factCheck.id]);
    const reports = await listRefreshQueue({ actor: editor.actor, filters: { reason: "report" } });
    expect(reports.items.map((i) => i.id)).toEqual([reported.factCheck.id]);
  });

  it("comes a page at a time: every item once, in order, with the total", async () => {
    for (let i = 0; i < 3; i++) {
      moveClockDays(-120 - i);
      await createPublishedCheck(team, { topic: "Paging" });
    }
    moveClockDays(0);
    const all = await listRefreshQueue({ actor: editor.actor, filters: { limit: 500 } });
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThanOrEqual(5);
    const pages: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await listRefreshQueue({ actor: editor.actor, filters: { limit: "2", offset: String(offset) } });
      expect([page.total, page.limit, page.offset]).toEqual([all.total, 2, offset]);
      expect(page.items.length).toBe(Math.min(2, all.total - offset));
      pages.push(...page.items.map((i) => i.id));
    }
    expect(pages).toEqual(all.items.map((i) => i.id));
    // Filters apply before paging; topics still list the whole queue's.
    const paging = await listRefreshQueue({ actor: editor.actor, filters: { topic: "paging", limit: 2, offset: 2 } });
    expect([paging.total, paging.items.length]).toEqual([3, 1]);
    expect(paging.topics).toEqual(expect.arrayContaining(["Health", "Paging", "Transport"]));
    const past = await listRefreshQueue({ actor: editor.actor, filters: { offset: all.total } });
    expect([past.items, past.total]).toEqual([[], all.total]);
    // A hundred at a time unless asked.
    expect((await listRefreshQueue({ actor: editor.actor })).limit).toBe(100);
  });

  it("refuses a page size or start that is not a whole number in range, per field", async () => {
    const errors = await Promise.all(
      [{ limit: "0" }, { limit: "501" }, { limit: "ten" }, { offset: "-1" }, { offset: "1.5" }].map((filters) => domainErrorOf(() => listRefreshQueue({ actor: editor.actor, filters }))),
    );
    expect(errors.map((e) => [e.status, e.fields])).toEqual([
      [400, { limit: "limit must be at least 1" }],
      [400, { limit: "limit must be at most 500" }],
      [400, { limit: "limit must be a number" }],
      [400, { offset: "offset must be at least 0" }],
      [400, { offset: "offset must be a whole number" }],
    ]);
  });

  it("is for editors and admins only", async () => {
    expect((await domainErrorOf(() => listRefreshQueue({ actor: writer.actor }))).status).toBe(403);
    expect((await domainErrorOf(() => listRefreshQueue({ actor: reviewer.actor }))).status).toBe(403);
  });
});

describe("scheduling", () => {
  it("schedules several checks at once, notifies the assignee once per check, and filters the queue by assignee", async () => {
    const a = await createPublishedCheck(team);
    const b = await createPublishedCheck(team);
    const day = addDays(today(), 7);
    const result = await scheduleRefresh({ actor: editor.actor, input: { ids: [a.factCheck.id, b.factCheck.id], nextRefreshAt: day, assigneeId: writer2.id } });
    expect(result).toEqual({ ids: [a.factCheck.id, b.factCheck.id], nextRefreshOn: day, assigneeId: writer2.id });
    const rows = await getDb().select().from(factChecks).where(inArray(factChecks.id, [a.factCheck.id, b.factCheck.id]));
    expect(rows.map((r) => [r.refreshAssigneeId, localDateOf(r.nextRefreshAt!, "UTC")])).toEqual([
      [writer2.id, day],
      [writer2.id, day],
    ]);
    const inbox = await getDb()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, writer2.id), eq(notifications.kind, "refresh_assigned")));
    expect(inbox.map((n) => n.factCheckId).sort()).toEqual([a.factCheck.id, b.factCheck.id].sort());

    const mine = await listRefreshQueue({ actor: editor.actor, filters: { assigneeId: writer2.id } });
    expect(mine.items.map((i) => i.id).sort()).toEqual([a.factCheck.id, b.factCheck.id].sort());
    expect(mine.items[0]?.reasons.at(-1)?.text).toMatch(/^Due in 7 days/);

    const calendar = await getRefreshCalendar({ actor: editor.actor, view: "month", date: day });
    expect(calendar.entries.filter((e) => e.on === day).map((e) => e.id).sort()).toEqual([a.factCheck.id, b.factCheck.id].sort());
    const week = await getRefreshCalendar({ actor: editor.actor, view: "week", date: addDays(day, 7) });
    expect(week.entries.some((e) => e.id === a.factCheck.id)).toBe(false);
  });

  it("refuses a past day, a missing assignee and an unpublished check, changing nothing", async () => {
    const live = await createPublishedCheck(team);
    const draft = await createApprovedCheck(team);
    const past = await domainErrorOf(() => scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today(), -1), assigneeId: writer.id } }));
    expect([past.status, past.fields]).toEqual([400, { nextRefreshAt: "Choose today or a later date" }]);
    const nobody = await domainErrorOf(() => scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: today(), assigneeId: null } }));
    expect(nobody.fields).toEqual({ assigneeId: "Choose who will refresh it" });
    const mixed = await domainErrorOf(() =>
      scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id, draft.id], nextRefreshAt: today(), assigneeId: writer.id } }),
    );
    expect(mixed.status).toBe(409);
    const [row] = await getDb().select().from(factChecks).where(eq(factChecks.id, live.factCheck.id));
    expect([row!.nextRefreshAt, row!.refreshAssigneeId]).toEqual([null, null]);
    expect((await domainErrorOf(() => scheduleRefresh({ actor: writer.actor, input: { ids: [live.factCheck.id], nextRefreshAt: today(), assigneeId: writer.id } }))).status).toBe(403);
  });
});

describe("reader search", () => {
  it("ranks published checks by where the words occur and never finds a draft", async () => {
    const token = `zephyrine${crypto.randomUUID().slice(0, 6)}`;
    const inQuestion = await createPublishedCheck(team, { question: `Is ${token} water safe to drink?` });
    const inBody = await createPublishedCheck(team, { bodyText: `Engineers tested ${token} samples from the reservoir.` });
    const draftOnly = await createApprovedCheck(team, { question: `${token} in the old pipes? ${crypto.randomUUID().slice(0, 6)}` });

    const results = await searchPublished({ q: token });
    expect(results.map((r) => r.slug)).toEqual([inQuestion.version.slug, inBody.version.slug]);
    expect(results.some((r) => r.question === draftOnly.question)).toBe(false);
    expect(await searchPublished({ q: `${token} -water` })).toHaveLength(1);
    expect(await searchPublished({ q: "   " })).toEqual([]);
  });
});

describe("the queue's pre-filter in the database", () => {
  it("leaves out no check the staleness rules put in the queue, on any day, in any time zone", { timeout: 30_000 }, async () => {
    const admin = await createAdmin();
    await setTopicPolicy({ actor: editor.actor, input: { topic: "Oracle Policy", refreshIntervalDays: 45 } });
    const source = await createSource();
    // Published 60 days ago: the site default (90 days), a topic policy written in another case (45), the check's own (30),
    // a scheduled refresh, a source retracted later, a reader report.
    moveClockDays(-60);
    const made = [
      await createPublishedCheck(team, { topic: "Oracle default" }),
      await createPublishedCheck(team, { topic: "oracle POLICY" }),
      await createPublishedCheck(team, { topic: "Oracle own", refreshIntervalDays: 30 }),
      await createPublishedCheck(team, { topic: "Oracle scheduled", refreshIntervalDays: 3650 }),
      await createPublishedCheck(team, { topic: "Oracle source", refreshIntervalDays: 3650, sourceIds: [source.id] }),
      await createPublishedCheck(team, { topic: "Oracle report", refreshIntervalDays: 3650 }),
    ];
    moveClockDays(0);
    await scheduleRefresh({ actor: editor.actor, input: { ids: [made[3]!.factCheck.id], nextRefreshAt: addDays(today(), 20), assigneeId: writer2.id } });
    await reportOutdated({ slug: made[5]!.version.slug, note: "Oracle", address: "198.51.100.77" });
    const ids = new Set(made.map((m) => m.factCheck.id));

    /** What the queue held before the pre-filter: the rules applied to every published check. */
    const oracle = async () => {
      const db = getDb();
      const rows = await db
        .select({
          factCheckId: factChecks.id,
          liveVersionId: publishedVersions.id,
          checkedOn: publishedVersions.checkedOn,
          topic: sql<string | null>`${publishedVersions.content}->>'topic'`,
          refreshIntervalDays: factChecks.refreshIntervalDays,
          nextRefreshAt: factChecks.nextRefreshAt,
        })
        .from(factChecks)
        .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
        .where(inArray(factChecks.id, [...ids]));
      const context = await loadStalenessContext(db);
      const staleness = await stalenessOf(db, rows, { withReports: true, context });
      return rows
        .filter((r) => needsRefreshAttention(staleness.get(r.factCheckId)!, context.at, context.site.timeZone, QUEUE_WINDOW_DAYS))
        .map((r) => r.factCheckId)
        .sort();
    };
    const queued = async () => (await listRefreshQueue({ actor: editor.actor })).items.map((i) => i.id).filter((id) => ids.has(id)).sort();

    const site = await getSiteSettings();
    try {
      for (const timeZone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
        await updateSiteSettings({ actor: admin.actor, input: { ...site, timeZone } });
        let retractedAt: number | null = null;
        // Every 9 hours from before the first check is due until after the last one is: each window edge, at several hours of the day.
        for (let hours = -30 * 24; hours <= 40 * 24; hours += 9) {
          moveClockDays(hours / 24);
          if (retractedAt === null && hours >= 0) {
            retractedAt = Date.now();
            await setSourceStatus(source.id, "retracted", new Date());
          }
          const expected = await oracle();
          expect(await queued(), `${timeZone}, ${hours} h from now`).toEqual(expected);
        }
        await setSourceStatus(source.id, "live", new Date(0));
      }
    } finally {
      moveClockDays(0);
      await updateSiteSettings({ actor: admin.actor, input: site });
    }
  });
});

describe("refresh-due reminders", () => {
  it("tell the assignee once when the scheduled day comes, and again for a new date", async () => {
    const live = await createPublishedCheck(team, { topic: "Reminders" });
    await scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today(), 3), assigneeId: writer2.id } });
    const reminders = () =>
      getDb()
        .select({ message: notifications.message })
        .from(notifications)
        .where(and(eq(notifications.userId, writer2.id), eq(notifications.kind, "refresh_due"), eq(notifications.factCheckId, live.factCheck.id)));

    moveClockDays(2);
    await notifyDueRefreshes();
    expect(await reminders()).toEqual([]);

    moveClockDays(3);
    await notifyDueRefreshes();
    await notifyDueRefreshes();
    expect(await reminders()).toEqual([{ message: `The refresh of “${live.factCheck.question}” is due` }]);

    await scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today(), 10), assigneeId: writer2.id } });
    moveClockDays(10);
    await notifyDueRefreshes();
    expect(await reminders()).toHaveLength(2);
  });

  it("are sent once when several app instances look at the same moment", async () => {
    const live = await createPublishedCheck(team, { topic: "Reminders" });
    await scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today(), 1), assigneeId: writer2.id } });
    moveClockDays(30);
    // On PostgreSQL these run on separate connections, as they would from separate processes.
    await Promise.all(Array.from({ length: 6 }, () => notifyDueRefreshes()));
    const sent = await getDb()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.kind, "refresh_due"), eq(notifications.factCheckId, live.factCheck.id)));
    expect(sent).toHaveLength(1);
  });
});
