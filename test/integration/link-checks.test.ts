/**
 * The link checker against websites served on loopback (test/link-sites.ts),
 * with the domain clock moved day by day: each outcome (200, 404, 410, a
 * timeout, a refused connection, redirects and their loops, DNS failures,
 * robots.txt, the guard), the states a source reaches and on which day
 * (unreachable after 3 failures over 7 days, live again, a person's status
 * winning), what that feeds (staleness, the approval gate, the inbox and
 * email), changed text and ads-only changes, permanent redirects offered and
 * accepted, archived copies, the scheduled run's politeness, and the API.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { linkChecks, mailMessages, notifications, sources, sourceSnapshots } from "@/db/schema";
import { GET as listChecksRoute, POST as postCheckRoute } from "@/app/api/v1/sources/[id]/link-checks/route";
import { createApiToken } from "@/lib/server/api-tokens";
import { clearRobotsCache, type LinkCheckerConfig } from "@/lib/server/link-checker";
import { checkAddedSource, checkSourceNow, getSnapshot, listLinkChecks, nextCheckTime, runLinkChecks } from "@/lib/server/link-checks";
import { getPublishedCheck } from "@/lib/server/public";
import { listRefreshQueue } from "@/lib/server/refresh";
import { getBlockers } from "@/lib/server/reviews";
import { acceptSourceRedirect, getSource, updateSource } from "@/lib/server/sources";
import { getCheckStaleness } from "@/lib/server/staleness";
import { parseSourceUrl } from "@/lib/url";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { htmlPage, startTestSite, type TestSite } from "../link-sites";
import { createPublishedCheck, moveClockDays, type Team } from "./publishing-fixtures";
import { createReadyCheck } from "./review-fixtures";

const db = useTestDatabase();

let writer: TestUser, reviewer: TestUser, editor: TestUser;
let team: Team;
let site: TestSite;
let editorToken: string, writerToken: string;

const config = (overrides: Partial<LinkCheckerConfig["limits"]> = {}, guard: LinkCheckerConfig["guard"] = { onlyLoopback: true }): LinkCheckerConfig => ({
  limits: { timeoutMs: 400, maxBytes: 200_000, maxRedirects: 5, userAgent: "Factdesk/1.0 (link checker; +http://desk.test)", ...overrides },
  guard,
  hostDelayMs: 0,
});

beforeAll(async () => {
  [writer, reviewer, editor] = await Promise.all([createWriter(), createReviewer(), createEditor()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
  site = await startTestSite();
  editorToken = (await createApiToken({ actor: editor.actor, input: { name: "links" } })).token;
  writerToken = (await createApiToken({ actor: writer.actor, input: { name: "links" } })).token;
});
afterAll(() => site.close());
afterEach(() => {
  moveClockDays(0);
  clearRobotsCache();
});

let pageCounter = 0;
/** A page of the test site and a library source for it. */
async function sourceFor(answer: Parameters<TestSite["set"]>[1], title = "Labour market report") {
  pageCounter += 1;
  const path = `/page-${pageCounter}`;
  site.set(path, answer);
  const parsed = parseSourceUrl(`${site.origin}${path}`);
  if (!parsed.ok) throw new Error(parsed.message);
  const [row] = await db().insert(sources).values({ url: parsed.url, normalizedUrl: parsed.normalized, title }).returning();
  return { ...row!, path };
}

const check = (id: string, overrides?: Parameters<typeof config>[0], guard?: LinkCheckerConfig["guard"]) =>
  checkSourceNow({ actor: editor.actor, id, config: config(overrides, guard) });

async function sourceRow(id: string) {
  const [row] = await db().select().from(sources).where(eq(sources.id, id));
  return row!;
}

describe("one check", () => {
  it("answers 200 as ok, keeps the result and a first archived copy, and names Factdesk in its User-Agent", async () => {
    const source = await sourceFor({ body: htmlPage("<h1>Jobless rate 4.1%</h1><p>Seasonally adjusted.</p>") });
    const result = await check(source.id);
    expect(result).toMatchObject({ outcome: "ok", httpStatus: 200, finalUrl: source.url, trigger: "manual" });
    expect(result).not.toHaveProperty("error");
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const requests = site.requests.filter((r) => r.path === source.path || r.path === "/robots.txt");
    expect(requests.map((r) => r.method)).toEqual(expect.arrayContaining(["HEAD", "GET"]));
    expect(new Set(requests.map((r) => r.userAgent))).toEqual(new Set(["Factdesk/1.0 (link checker; +http://desk.test)"]));
    const row = await sourceRow(source.id);
    expect(row).toMatchObject({ status: "live", failureCount: 0, textHash: result.contentHash, textChangedAt: null });
    expect(row.lastCheckedAt).not.toBeNull();
    const snapshot = await getSnapshot({ actor: writer.actor, sourceId: source.id, snapshotId: row.latestSnapshotId! });
    expect(snapshot).toMatchObject({ mainText: "Jobless rate 4.1%\nSeasonally adjusted.", truncated: false, url: source.url });
    expect(snapshot.html).toContain("<h1>Jobless rate 4.1%</h1>");
    const detail = await getSource({ actor: writer.actor, id: source.id });
    expect(detail.source).toMatchObject({ archivedCopyId: row.latestSnapshotId, lastCheckedAt: row.lastCheckedAt!.toISOString() });
  });

  it("needs no GET when HEAD says the page is gone, and GETs when HEAD is refused", async () => {
    const gone = await sourceFor({ status: 404 });
    expect(await check(gone.id)).toMatchObject({ outcome: "failed", httpStatus: 404, failure: "not_found", error: "HTTP 404 Not Found" });
    expect(site.requests.filter((r) => r.path === gone.path).map((r) => r.method)).toEqual(["HEAD"]);
    const noHead = await sourceFor({ body: htmlPage("<p>HEAD is not allowed here.</p>"), headStatus: 405 });
    expect(await check(noHead.id)).toMatchObject({ outcome: "ok", httpStatus: 200 });
    expect(site.requests.filter((r) => r.path === noHead.path).map((r) => r.method)).toEqual(["HEAD", "GET"]);
  });

  it("reports 410, a timeout, a refused connection, a reset, redirect loops, too many redirects and DNS failures as failures", async () => {
    const gone = await sourceFor({ status: 410 });
    expect(await check(gone.id)).toMatchObject({ outcome: "failed", httpStatus: 410, failure: "gone" });

    const slow = await sourceFor({ hang: true });
    const started = Date.now();
    expect(await check(slow.id, { timeoutMs: 300 })).toMatchObject({ outcome: "failed", failure: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);

    const reset = await sourceFor({ reset: true });
    expect(await check(reset.id)).toMatchObject({ outcome: "failed", failure: "network" });

    site.set("/loop-a", { redirect: "/loop-b", status: 301 });
    site.set("/loop-b", { redirect: "/loop-a", status: 301 });
    const loop = await sourceFor({ redirect: "/loop-a", status: 302 });
    expect(await check(loop.id)).toMatchObject({ outcome: "failed", failure: "redirect_loop" });

    for (let i = 0; i < 8; i += 1) site.set(`/chain-${i}`, { redirect: `/chain-${i + 1}` });
    const chain = await sourceFor({ redirect: "/chain-0" });
    const long = await check(chain.id);
    expect(long).toMatchObject({ outcome: "failed", failure: "too_many_redirects" });
    expect(long.redirects).toHaveLength(6);

    // A closed port on loopback: the connection is refused.
    const closed = await startTestSite();
    await closed.close();
    const [refused] = await db()
      .insert(sources)
      .values({ url: `${closed.origin}/x`, normalizedUrl: `${closed.origin}/x`, title: "Closed" })
      .returning();
    expect(await check(refused!.id)).toMatchObject({ outcome: "failed", failure: "refused", error: "Connection refused" });

    // DNS, from a stubbed resolver: nothing is asked of real DNS.
    const [named] = await db()
      .insert(sources)
      .values({ url: "https://no-such-host.example/report", normalizedUrl: "https://no-such-host.example/report", title: "Nowhere" })
      .returning();
    const notFound = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND no-such-host.example"), { code: "ENOTFOUND" });
    };
    expect(await check(named!.id, {}, { resolve: notFound })).toMatchObject({ outcome: "failed", failure: "dns" });
  });

  it("is blocked, with no request sent, for addresses the guard refuses, and by robots.txt", async () => {
    const [privateSource] = await db()
      .insert(sources)
      .values({ url: "http://10.0.0.1/admin", normalizedUrl: "http://10.0.0.1/admin", title: "Private" })
      .returning();
    const blocked = await check(privateSource!.id);
    expect(blocked).toMatchObject({ outcome: "blocked", failure: "blocked", error: "10.0.0.1 is a private network address" });
    expect(blocked).not.toHaveProperty("finalUrl");

    const before = site.requests.length;
    const loopback = await sourceFor({ body: htmlPage("<p>x</p>") });
    expect(await check(loopback.id, {}, {})).toMatchObject({ outcome: "blocked" });
    expect(site.requests.length).toBe(before);

    const robotsSite = await startTestSite();
    try {
      robotsSite.set("/robots.txt", { headers: { "content-type": "text/plain" }, body: "User-agent: *\nDisallow: /\n\nUser-agent: Factdesk\nDisallow: /private\n" });
      robotsSite.set("/private/report", { body: htmlPage("<p>secret</p>") });
      robotsSite.set("/public/report", { body: htmlPage("<p>open</p>") });
      const [disallowed, allowed] = await db()
        .insert(sources)
        .values([
          { url: `${robotsSite.origin}/private/report`, normalizedUrl: `${robotsSite.origin}/private/report`, title: "Disallowed" },
          { url: `${robotsSite.origin}/public/report`, normalizedUrl: `${robotsSite.origin}/public/report`, title: "Allowed" },
        ])
        .returning();
      expect(await check(disallowed!.id)).toMatchObject({ outcome: "blocked", failure: "robots" });
      expect(await check(allowed!.id)).toMatchObject({ outcome: "ok" });
      expect(robotsSite.requests.filter((r) => r.path === "/private/report")).toEqual([]);
      expect(robotsSite.requests.filter((r) => r.path === "/robots.txt")).toHaveLength(1);
    } finally {
      await robotsSite.close();
    }
  });

  it("keeps at most the size cap of a page", async () => {
    const big = await sourceFor({ body: htmlPage(`<p>${"word ".repeat(50_000)}</p>`) });
    expect(await check(big.id, { maxBytes: 10_000 })).toMatchObject({ outcome: "ok" });
    const row = await sourceRow(big.id);
    const [snapshot] = await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.id, row.latestSnapshotId!));
    expect(snapshot).toMatchObject({ truncated: true, bytes: 10_000 });
  });
});

// Each test publishes a check through the review flow and checks a link up to ten times, day by day.
describe("unreachable, day by day", { timeout: 15_000 }, () => {
  it("needs 3 failures spread over at least 7 days, then feeds staleness, the gate, the inbox and email; live again when it answers", async () => {
    const source = await sourceFor({ body: htmlPage("<p>Figures for 2026.</p>") }, "Statistics office table");
    const published = await createPublishedCheck(team, { sourceIds: [source.id] });
    const draft = await createReadyCheck(writer.actor, source.id);
    await check(source.id);
    site.set(source.path, { status: 404 });

    for (const day of [1, 2, 3]) {
      moveClockDays(day);
      expect(await check(source.id)).toMatchObject({ outcome: "failed", failure: "not_found" });
      expect((await sourceRow(source.id)).status).toBe("live");
    }
    expect(await sourceRow(source.id)).toMatchObject({ failureCount: 3 });
    // Three failures, but only two days apart: not yet. The first failure's day plus 7 is the day.
    moveClockDays(7);
    await check(source.id);
    expect(await sourceRow(source.id)).toMatchObject({ status: "live", failureCount: 4 });
    moveClockDays(8);
    await check(source.id);
    const row = await sourceRow(source.id);
    expect(row).toMatchObject({ status: "unreachable", statusSetByChecker: true, statusSetById: null, failureCount: 5 });
    expect(row.statusNote).toMatch(/^The link checker could not reach it on 5 checks since .*: HTTP 404 Not Found$/);

    const detail = await getSource({ actor: writer.actor, id: source.id });
    expect(detail.source).toMatchObject({ status: "unreachable", statusSetBy: { kind: "link_checker" } });
    expect(detail.history[0]).toMatchObject({ actor: null, changes: { status: { from: "live", to: "unreachable" } } });

    // Staleness as for a dead source: the reader's banner, the queue with the reason.
    const staleness = await getCheckStaleness({ actor: editor.actor, factCheckId: published.factCheck.id });
    expect(staleness?.reasons).toEqual([expect.objectContaining({ kind: "source", status: "unreachable", sourceId: source.id })]);
    const page = await getPublishedCheck({ slug: published.version.slug });
    if (page.kind !== "page") throw new Error("not published");
    expect(page.stale).toBe(true);
    expect(page.staleReasons.map((r) => r.text)).toEqual([expect.stringMatching(/^A source this check relies on can no longer be reached online \(since /)]);
    const queue = await listRefreshQueue({ actor: editor.actor });
    const item = queue.items.find((i) => i.id === published.factCheck.id);
    expect(item?.reasons.map((r) => r.text)).toContainEqual(expect.stringMatching(/^Source \[1\] unreachable on /));

    // The approval gate refuses it, and the writer is told, by email too.
    expect((await getBlockers({ actor: writer.actor, id: draft.id })).map((b) => b.code)).toContain("unreachable_source");
    const inbox = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, writer.id), eq(notifications.kind, "source_changed")));
    expect(inbox.map((n) => n.message)).toContain("A source you cite, “Statistics office table”, could not be reached for a week and is marked unreachable.");
    const mail = await db().select().from(mailMessages).where(and(eq(mailMessages.userId, writer.id), eq(mailMessages.kind, "source_changed")));
    expect(mail.length).toBeGreaterThanOrEqual(1);

    // It answers again: live, by the checker, and the banner goes.
    moveClockDays(9);
    site.set(source.path, { body: htmlPage("<p>Figures for 2026.</p>") });
    await check(source.id);
    expect(await sourceRow(source.id)).toMatchObject({ status: "live", statusSetByChecker: true, failureCount: 0, failingSince: null });
    const again = await getPublishedCheck({ slug: published.version.slug });
    expect(again.kind === "page" && again.stale).toBe(false);
  });

  it("counts afresh after an answer, so failures must be in a row", async () => {
    const source = await sourceFor({ status: 404 });
    await check(source.id);
    moveClockDays(4);
    site.set(source.path, { body: htmlPage("<p>back</p>") });
    await check(source.id);
    site.set(source.path, { status: 404 });
    for (const day of [5, 8, 11]) {
      moveClockDays(day);
      await check(source.id);
    }
    // Failures on days 0, 5, 8, 11 but an answer on day 4: the run began on day 5, six days ago.
    expect(await sourceRow(source.id)).toMatchObject({ status: "live", failureCount: 3 });
    moveClockDays(12);
    await check(source.id);
    expect((await sourceRow(source.id)).status).toBe("unreachable");
  });

  it("leaves a status a person set alone, and a person's change starts the count again", async () => {
    const dead = await sourceFor({ body: htmlPage("<p>online after all</p>") });
    await updateSource({ actor: writer.actor, id: dead.id, input: { status: "dead", statusNote: "Gone from the site" } });
    await check(dead.id);
    expect(await sourceRow(dead.id)).toMatchObject({ status: "dead", statusSetByChecker: false, statusSetById: writer.id });
    expect((await getSource({ actor: editor.actor, id: dead.id })).source.statusSetBy).toEqual({ kind: "person", id: writer.id, name: writer.name });

    const failing = await sourceFor({ status: 410 });
    for (const day of [0, 4, 8]) {
      moveClockDays(day);
      await check(failing.id);
    }
    expect((await sourceRow(failing.id)).status).toBe("unreachable");
    // A person says it is live: that wins, and the checker needs a new run of failures.
    await updateSource({ actor: editor.actor, id: failing.id, input: { status: "live", statusNote: "Moved behind a login; we have a copy" } });
    moveClockDays(9);
    await check(failing.id);
    expect(await sourceRow(failing.id)).toMatchObject({ status: "live", statusSetByChecker: false, failureCount: 1 });
  });

  it("is not a status people set", async () => {
    const source = await sourceFor({ body: htmlPage("<p>x</p>") });
    const error = await domainErrorOf(() => updateSource({ actor: editor.actor, id: source.id, input: { status: "unreachable" } }));
    expect(error.fields?.status).toMatch(/set by the link checker/);
  });
});

describe("changed text", { timeout: 10_000 }, () => {
  it("puts the checks citing it in the refresh queue with “source changed on …”, not in the banner; ads and dates do not count", async () => {
    const source = await sourceFor({ body: htmlPage("<p>The bridge reopens in March.</p>", { ad: "Shoes", date: "Monday" }) }, "Bridge works notice");
    const published = await createPublishedCheck(team, { sourceIds: [source.id] });
    await check(source.id);
    const first = await sourceRow(source.id);

    moveClockDays(1);
    site.set(source.path, { body: htmlPage("<p>The bridge reopens in March.</p>", { ad: "Flights to Lisbon", date: "Tuesday" }) });
    await check(source.id);
    expect(await sourceRow(source.id)).toMatchObject({ textHash: first.textHash, textChangedAt: null, latestSnapshotId: first.latestSnapshotId });
    expect((await listRefreshQueue({ actor: editor.actor, filters: { reason: "source_text" } })).items.map((i) => i.id)).not.toContain(published.factCheck.id);

    moveClockDays(2);
    site.set(source.path, { body: htmlPage("<p>The bridge reopens in May.</p>", { ad: "Flights to Lisbon", date: "Wednesday" }) });
    await check(source.id);
    const changed = await sourceRow(source.id);
    expect(changed.textHash).not.toBe(first.textHash);
    expect(changed.textChangedAt).not.toBeNull();
    expect(changed.latestSnapshotId).not.toBe(first.latestSnapshotId);
    expect(await db().select().from(sourceSnapshots).where(eq(sourceSnapshots.sourceId, source.id))).toHaveLength(2);

    const queue = await listRefreshQueue({ actor: editor.actor, filters: { reason: "source_text" } });
    const item = queue.items.find((i) => i.id === published.factCheck.id);
    expect(item?.reasons).toContainEqual({ kind: "source_text", text: expect.stringMatching(/^Source \[1\] changed on /) });
    const page = await getPublishedCheck({ slug: published.version.slug });
    expect(page.kind === "page" && page.stale).toBe(false);
  });
});

describe("permanent redirects", () => {
  it("offers the new address of a 301 or 308 chain, not of a 302; accepting changes the URL, and dedupe holds", async () => {
    site.set("/new-home", { body: htmlPage("<p>Moved here.</p>") });
    const moved = await sourceFor({ redirect: "/new-home", status: 301 });
    const result = await check(moved.id);
    expect(result).toMatchObject({ outcome: "ok", finalUrl: `${site.origin}/new-home`, redirects: [{ url: moved.url, status: 301 }] });
    expect((await getSource({ actor: writer.actor, id: moved.id })).source.redirectUrl).toBe(`${site.origin}/new-home`);

    const temporary = await sourceFor({ redirect: "/new-home", status: 302 });
    await check(temporary.id);
    expect((await sourceRow(temporary.id)).redirectUrl).toBeNull();

    const accepted = await acceptSourceRedirect({ actor: writer.actor, id: moved.id });
    expect(accepted).toMatchObject({ url: `${site.origin}/new-home`, redirectUrl: null });
    expect((await getSource({ actor: writer.actor, id: moved.id })).history[0]?.changes.url).toEqual({ from: moved.url, to: `${site.origin}/new-home` });
    expect((await domainErrorOf(() => acceptSourceRedirect({ actor: writer.actor, id: moved.id }))).code).toBe("conflict");

    // Another source moving to the same address: accepting would make a duplicate, refused with the existing source's id.
    const twin = await sourceFor({ redirect: "/new-home", status: 308 });
    await check(twin.id);
    expect((await sourceRow(twin.id)).redirectUrl).toBe(`${site.origin}/new-home`);
    const duplicate = await domainErrorOf(() => acceptSourceRedirect({ actor: writer.actor, id: twin.id }));
    expect(duplicate).toMatchObject({ code: "conflict", details: { sourceId: moved.id } });
  });
});

describe("the scheduled run", { timeout: 10_000 }, () => {
  it("checks each due source cited by a published check once, a host at a time with a pause, and spreads the next checks over the day", async () => {
    const other = await startTestSite();
    try {
      const cited: string[] = [];
      for (const host of [site, other]) {
        for (let i = 0; i < 3; i += 1) {
          const path = `/run-${i}-${crypto.randomUUID().slice(0, 6)}`;
          host.set(path, { body: htmlPage(`<p>Run ${i}</p>`) });
          const [row] = await db()
            .insert(sources)
            .values({ url: `${host.origin}${path}`, normalizedUrl: `${host.origin}${path}`, title: `Run ${i}` })
            .returning();
          cited.push(row!.id);
        }
      }
      // A redirect's hop is a request to the host too: it waits its pause like any other.
      other.set("/run-moved", { redirect: "/run-target", status: 301 });
      other.set("/run-target", { body: htmlPage("<p>Moved here</p>") });
      const [moved] = await db()
        .insert(sources)
        .values({ url: `${other.origin}/run-moved`, normalizedUrl: `${other.origin}/run-moved`, title: "Moved" })
        .returning();
      cited.push(moved!.id);
      const uncited = await sourceFor({ body: htmlPage("<p>nobody cites me</p>") });
      await createPublishedCheck(team, { sourceIds: cited });
      // Sources of earlier tests that are cited and due are checked too; only this run's hosts are measured.
      const startedAt = Date.now();
      const summary = await runLinkChecks({ config: { ...config(), hostDelayMs: 150 }, concurrency: 4 });
      expect(summary.complete).toBe(true);
      const rows = await db().select().from(linkChecks).where(eq(linkChecks.trigger, "schedule"));
      for (const id of cited) expect(rows.filter((r) => r.sourceId === id), id).toHaveLength(1);
      expect(rows.filter((r) => r.sourceId === uncited.id)).toEqual([]);

      for (const host of [site, other]) {
        const runRequests = host.requests.filter((r) => r.start >= startedAt).sort((a, b) => a.start - b.start);
        expect(runRequests.length).toBeGreaterThanOrEqual(6);
        for (let i = 1; i < runRequests.length; i += 1) {
          // One at a time, and at least the pause (less a millisecond of clock rounding) after the previous one ended.
          expect(runRequests[i]!.start - runRequests[i - 1]!.end).toBeGreaterThanOrEqual(149);
        }
      }

      const next = await db().select({ id: sources.id, nextCheckAt: sources.nextCheckAt }).from(sources);
      for (const row of next.filter((r) => cited.includes(r.id))) {
        expect(row.nextCheckAt!.getTime()).toBe(nextCheckTime(row.id, rows.find((r) => r.sourceId === row.id)!.checkedAt).getTime());
      }
      // Nothing is due again right away.
      const again = await runLinkChecks({ config: config(), concurrency: 4 });
      expect(again).toMatchObject({ checked: 0, complete: true });
    } finally {
      await other.close();
    }
  });

  it("spreads sources over the day, at least twelve hours after the last check", () => {
    const at = new Date("2026-12-05T10:00:00Z");
    const minutes = new Set<number>();
    for (let i = 0; i < 500; i += 1) {
      const next = nextCheckTime(`source-${i}`, at);
      expect(next.getTime() - at.getTime()).toBeGreaterThanOrEqual(12 * 3_600_000);
      expect(next.getTime() - at.getTime()).toBeLessThan(36 * 3_600_000);
      minutes.add(next.getUTCHours());
    }
    expect(minutes.size).toBe(24);
  });

  it("gives a source just added its first look, and only once", async () => {
    const source = await sourceFor({ body: htmlPage("<p>New in the library.</p>") });
    await checkAddedSource({ sourceId: source.id, config: config() });
    await checkAddedSource({ sourceId: source.id, config: config() });
    const { data } = await listLinkChecks({ actor: writer.actor, id: source.id });
    expect(data.map((c) => c.trigger)).toEqual(["added"]);
    expect((await sourceRow(source.id)).latestSnapshotId).not.toBeNull();
  });
});

describe("the API", () => {
  const call = async (handler: typeof postCheckRoute, method: string, token: string, id: string) => {
    const response = await handler(new Request(`http://127.0.0.1/api/v1/sources/${id}/link-checks`, { method, headers: { authorization: `Bearer ${token}` } }), {
      params: Promise.resolve({ id }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("POST runs a check for editors (201) and refuses writers (403); GET lists the history, newest first, for staff", async () => {
    const source = await sourceFor({ status: 410 });
    // The route reads its settings from the environment: the loopback-only guard of the test suite (vitest.config.mts).
    const first = await call(postCheckRoute, "POST", editorToken, source.id);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ outcome: "failed", httpStatus: 410, error: "HTTP 410 Gone", finalUrl: source.url });
    expect(typeof first.body.checkedAt).toBe("string");
    const refused = await call(postCheckRoute, "POST", writerToken, source.id);
    expect(refused).toEqual({ status: 403, body: { error: { code: "forbidden", message: "Only editors and admins check links on demand" } } });

    moveClockDays(1);
    site.set(source.path, { body: htmlPage("<p>back</p>") });
    await call(postCheckRoute, "POST", editorToken, source.id);
    const list = await call(listChecksRoute as never, "GET", writerToken, source.id);
    expect(list.status).toBe(200);
    expect((list.body.data as { outcome: string }[]).map((c) => c.outcome)).toEqual(["ok", "failed"]);
    expect((await call(listChecksRoute as never, "GET", writerToken, "no-such-source")).status).toBe(404);
    expect((await call(postCheckRoute, "POST", editorToken, "no-such-source")).status).toBe(404);
  });
});
