/**
 * Staleness of published checks through the domain layer, each rule at its
 * boundary (the day before, the day of, the day after), and the propagation of
 * a source's status to every published check that cites it.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { factChecks } from "@/db/schema";
import { addDays, localDateOf, startOfLocalDay } from "@/lib/local-date";
import { getPublishedCheck, listLatestPublished } from "@/lib/server/public";
import { scheduleRefresh } from "@/lib/server/refresh";
import { setTopicPolicy, updateSiteSettings } from "@/lib/server/settings";
import { getCheckStaleness, liveChecksCiting } from "@/lib/server/staleness";
import { updateSource } from "@/lib/server/sources";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createPublishedCheck, createSource, DAY_MS, moveClockDays, recordInvalidations, setSourceStatus, type Team } from "./publishing-fixtures";

const getDb = useTestDatabase();
const TZ = "Europe/Paris";

let writer: TestUser, reviewer: TestUser, editor: TestUser, admin: TestUser;
let team: Team;
beforeAll(async () => {
  [writer, reviewer, editor, admin] = await Promise.all([createWriter(), createReviewer(), createEditor(), createAdmin()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
  await updateSiteSettings({
    actor: admin.actor,
    input: { siteName: "Test Desk", disclaimer: "Test disclaimer.", bannerText: "May be outdated.", defaultRefreshIntervalDays: 90, timeZone: TZ },
  });
});
afterEach(() => moveClockDays(0));

/** Publishes at noon (Paris) of a fixed day `offset` days from now, and returns a clock setter relative to that day. */
async function publishedAtNoon(options: Parameters<typeof createPublishedCheck>[1] = {}) {
  const day = localDateOf(new Date(), TZ);
  const noon = startOfLocalDay(day, TZ).getTime() + 12 * 3_600_000;
  const setDay = (days: number, hour = 12) =>
    moveClockDays((startOfLocalDay(addDays(day, days), TZ).getTime() + hour * 3_600_000 - Date.now()) / DAY_MS);
  moveClockDays((noon - Date.now()) / DAY_MS);
  const published = await createPublishedCheck(team, options);
  return { ...published, id: published.factCheck.id, slug: published.version.slug, setDay };
}

async function isStale(slug: string) {
  const page = await getPublishedCheck({ slug });
  if (page.kind !== "page") throw new Error(`not published: ${slug}`);
  return page.stale;
}

describe("the interval rule", () => {
  it("uses the site default: fresh on day 89 and day 90, stale on day 91", async () => {
    const check = await publishedAtNoon();
    check.setDay(89);
    expect(await isStale(check.slug)).toBe(false);
    check.setDay(90, 23);
    expect(await isStale(check.slug)).toBe(false);
    check.setDay(91, 0);
    expect(await isStale(check.slug)).toBe(true);
    const staleness = await getCheckStaleness({ actor: editor.actor, factCheckId: check.id });
    expect(staleness?.reasons).toEqual([{ kind: "interval", intervalDays: 90, intervalFrom: "site", dueOn: staleness!.intervalDueOn }]);
  });

  it("prefers the topic's policy to the default, and the check's own interval to both", async () => {
    await setTopicPolicy({ actor: editor.actor, input: { topic: "Elections", refreshIntervalDays: 30 } });
    const byTopic = await publishedAtNoon({ topic: "elections" });
    const byCheck = await publishedAtNoon({ topic: "Elections", refreshIntervalDays: 10 });
    byTopic.setDay(30);
    expect(await isStale(byTopic.slug)).toBe(false);
    byTopic.setDay(31);
    expect(await isStale(byTopic.slug)).toBe(true);
    byCheck.setDay(10);
    expect(await isStale(byCheck.slug)).toBe(false);
    byCheck.setDay(11);
    expect(await isStale(byCheck.slug)).toBe(true);
    expect((await getCheckStaleness({ actor: editor.actor, factCheckId: byCheck.id }))?.reasons[0]).toMatchObject({ intervalDays: 10, intervalFrom: "check" });
  });
});

describe("the scheduled refresh rule", () => {
  it("is fresh the day before and on the scheduled day, stale the day after", async () => {
    const check = await publishedAtNoon();
    const scheduled = localDateOf(new Date(Date.now() + 20 * DAY_MS), TZ);
    await scheduleRefresh({ actor: editor.actor, input: { ids: [check.id], nextRefreshAt: scheduled, assigneeId: writer.id } });
    const [row] = await getDb().select().from(factChecks).where(eq(factChecks.id, check.id));
    expect(row!.nextRefreshAt?.toISOString()).toBe(startOfLocalDay(scheduled, TZ).toISOString());
    check.setDay(19);
    expect(await isStale(check.slug)).toBe(false);
    check.setDay(20, 23);
    expect(await isStale(check.slug)).toBe(false);
    check.setDay(21, 0);
    expect(await isStale(check.slug)).toBe(true);
    expect((await getCheckStaleness({ actor: editor.actor, factCheckId: check.id }))?.reasons).toEqual([{ kind: "scheduled", scheduledFor: scheduled }]);
  });
});

describe("the source rule", () => {
  it("counts a status change after checkedOn only: the day before, the same instant and later that day", async () => {
    const source = await createSource();
    const check = await publishedAtNoon({ sourceIds: [source.id] });
    const checkedOn = (await getDb().select().from(factChecks).where(eq(factChecks.id, check.id)))[0]!.checkedOn!;
    await setSourceStatus(source.id, "retracted", new Date(checkedOn.getTime() - DAY_MS));
    expect(await isStale(check.slug)).toBe(false);
    await setSourceStatus(source.id, "retracted", checkedOn);
    expect(await isStale(check.slug)).toBe(false);
    await setSourceStatus(source.id, "retracted", new Date(checkedOn.getTime() + 60_000));
    expect(await isStale(check.slug)).toBe(true);
    await setSourceStatus(source.id, "live", new Date(checkedOn.getTime() + 120_000));
    expect(await isStale(check.slug)).toBe(false);
  });

  it("propagates a library status change to every published check citing the source, and expires their pages", async () => {
    const shared = await createSource("live", "Shared census table");
    const other = await createSource("live", "Unrelated survey");
    const a = await publishedAtNoon({ sourceIds: [other.id, shared.id] });
    const b = await publishedAtNoon({ sourceIds: [shared.id] });
    const c = await publishedAtNoon({ sourceIds: [other.id] });
    moveClockDays(1);
    expect((await liveChecksCiting(shared.id)).sort()).toEqual([a.id, b.id].sort());

    const invalidated = recordInvalidations();
    await updateSource({ actor: editor.actor, id: shared.id, input: { status: "retracted", statusNote: "Withdrawn by the agency" } });

    expect([await isStale(a.slug), await isStale(b.slug), await isStale(c.slug)]).toEqual([true, true, false]);
    expect(invalidated.tags).toEqual(expect.arrayContaining([`public:check:${a.id}`, `public:check:${b.id}`]));
    expect(invalidated.tags).not.toContain(`public:check:${c.id}`);
    const staleness = await getCheckStaleness({ actor: editor.actor, factCheckId: a.id });
    // In check A the shared source is cited second: it is source [2].
    expect(staleness?.reasons).toEqual([expect.objectContaining({ kind: "source", number: 2, status: "retracted", sourceId: shared.id })]);
    const page = await getPublishedCheck({ slug: a.slug });
    expect(page.kind === "page" && page.sources.map((s) => [s.number, s.changed?.status ?? "live"])).toEqual([
      [1, "live"],
      [2, "retracted"],
    ]);
    const home = await listLatestPublished({ limit: 100 });
    expect(home.find((i) => i.slug === b.slug)?.stale).toBe(true);
    expect(home.find((i) => i.slug === c.slug)?.stale).toBe(false);
  });
});

describe("site settings", () => {
  it("are for admins only and refuse an unknown time zone per field", async () => {
    expect((await domainErrorOf(() => updateSiteSettings({ actor: editor.actor, input: {} }))).status).toBe(403);
    const error = await domainErrorOf(() =>
      updateSiteSettings({
        actor: admin.actor,
        input: { siteName: " ", disclaimer: "d", bannerText: "b", defaultRefreshIntervalDays: 0, timeZone: "Mars/Olympus" },
      }),
    );
    expect(error.fields).toEqual({
      siteName: "Enter the site name",
      defaultRefreshIntervalDays: "The interval is at least 1 day",
      timeZone: "Choose a time zone such as Europe/Paris or America/New_York",
    });
  });

  it("let only editors and admins set topic policies", async () => {
    expect((await domainErrorOf(() => setTopicPolicy({ actor: writer.actor, input: { topic: "Health", refreshIntervalDays: 5 } }))).status).toBe(403);
  });
});
