/**
 * Publishing: only editors publish, only the approved revision, in one
 * transaction; versions are immutable; refreshes keep the live version up.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, factChecks, notifications, outdatedReports, publishedCitations, publishedVersions, slugRedirects } from "@/db/schema";
import { contentHash, contentOf } from "@/lib/server/content";
import { listPublishedVersions, publishFactCheck, startRefresh } from "@/lib/server/publishing";
import { reportOutdated } from "@/lib/server/reader-reports";
import { getPublishedCheck, listFeedEntries, listSitemapEntries } from "@/lib/server/public";
import { getReviewPage } from "@/lib/server/reviews";
import { scheduleRefresh } from "@/lib/server/refresh";
import { domainErrorOf, rejectionOf } from "../assertions";
import { countRows, queryRows, useTestDatabase } from "../db";
import { createEditor, createReviewer, createAdmin, createWriter, type TestUser } from "../factories";
import { approve, edit, submit } from "./review-fixtures";
import { createApprovedCheck, createSource, moveClockDays, recordInvalidations, type Team } from "./publishing-fixtures";

const getDb = useTestDatabase();

let writer: TestUser, reviewer: TestUser, editor: TestUser, admin: TestUser;
let team: Team;
beforeAll(async () => {
  [writer, reviewer, editor, admin] = await Promise.all([createWriter(), createReviewer(), createEditor(), createAdmin()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
});
afterEach(() => moveClockDays(0));

async function checkRow(id: string) {
  const [row] = await getDb().select().from(factChecks).where(eq(factChecks.id, id));
  return row!;
}

describe("who may publish", () => {
  it("refuses writers and reviewers with 403 and publishes for editors and admins", async () => {
    const a = await createApprovedCheck(team);
    expect((await domainErrorOf(() => publishFactCheck({ actor: writer.actor, id: a.id }))).status).toBe(403);
    expect((await domainErrorOf(() => publishFactCheck({ actor: reviewer.actor, id: a.id }))).status).toBe(403);
    expect((await checkRow(a.id)).status).toBe("approved");
    expect((await publishFactCheck({ actor: editor.actor, id: a.id })).version.number).toBe(1);

    const b = await createApprovedCheck(team);
    expect((await publishFactCheck({ actor: admin.actor, id: b.id })).factCheck.status).toBe("published");
  });

  it("refuses a draft and a check in review with 409", async () => {
    const source = await createSource();
    const check = await createApprovedCheck(team, { sourceIds: [source.id] });
    await edit(writer.actor, check.id, { topic: "Parks" }); // withdraws the approval
    const draft = await domainErrorOf(() => publishFactCheck({ actor: editor.actor, id: check.id }));
    expect([draft.status, draft.message]).toEqual([409, "Only an approved check can be published; this one is a draft"]);
    await submit(writer.actor, check.id, [reviewer]);
    expect((await domainErrorOf(() => publishFactCheck({ actor: editor.actor, id: check.id }))).status).toBe(409);
    expect(await getDb().select().from(publishedVersions).where(eq(publishedVersions.factCheckId, check.id))).toEqual([]);
  });

  it("refuses content that differs from the approved revision, and writes nothing", async () => {
    const check = await createApprovedCheck(team);
    // Tamper with the working copy behind the workflow's back.
    await getDb().update(factChecks).set({ question: "Something nobody approved?" }).where(eq(factChecks.id, check.id));
    const before = await countRows(getDb(), "published_versions");
    const error = await domainErrorOf(() => publishFactCheck({ actor: editor.actor, id: check.id }));
    expect([error.status, error.message]).toEqual([409, "The check changed after it was approved; it needs a new review"]);
    expect(await countRows(getDb(), "published_versions")).toBe(before);
    expect((await checkRow(check.id)).liveVersionId).toBeNull();
  });

  it("refuses a change note over 500 characters with a field error", async () => {
    const check = await createApprovedCheck(team);
    const error = await domainErrorOf(() => publishFactCheck({ actor: editor.actor, id: check.id, input: { changeNote: "x".repeat(501) } }));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ changeNote: "The change note must be at most 500 characters" });
  });
});

describe("a publication", () => {
  it("freezes exactly the approved revision with its sources, citations, date, audit and notifications", async () => {
    const [s1, s2] = [await createSource("live", "Parks report"), await createSource("live", "Budget table")];
    const check = await createApprovedCheck(team, { sourceIds: [s1.id, s2.id] });
    const approvedRow = await checkRow(check.id);
    const invalidated = recordInvalidations();
    moveClockDays(3);
    const result = await publishFactCheck({ actor: editor.actor, id: check.id, input: { changeNote: "  First   version " } });

    const [version] = await getDb().select().from(publishedVersions).where(eq(publishedVersions.factCheckId, check.id));
    expect(version!.content).toEqual(contentOf(approvedRow));
    expect(version!.contentHash).toBe(contentHash(contentOf(approvedRow)));
    expect(version!.changeNote).toBe("First version");
    expect(version!.number).toBe(1);
    expect(Object.keys(version!.sourcesSnapshot).sort()).toEqual([s1.id, s2.id].sort());
    expect((version!.sourcesSnapshot as Record<string, { title: string }>)[s1.id]!.title).toBe("Parks report");
    const daysAhead = (version!.checkedOn.getTime() - Date.now()) / 86_400_000;
    expect(daysAhead).toBeGreaterThan(2.99);
    expect(daysAhead).toBeLessThan(3.01);

    const cited = await getDb().select().from(publishedCitations).where(eq(publishedCitations.versionId, version!.id));
    expect(cited.map((c) => c.sourceId).sort()).toEqual([s1.id, s2.id].sort());

    const row = await checkRow(check.id);
    expect(row.status).toBe("published");
    expect(row.liveVersionId).toBe(version!.id);
    expect(row.checkedOn?.toISOString()).toBe(version!.checkedOn.toISOString());
    expect(result.version).toMatchObject({ number: 1, slug: row.slug, url: `/fact-checks/${row.slug}` });

    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.factCheckId, check.id), eq(auditLog.action, "fact_check.publish")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ from: "approved", to: "published", version: 1 });
    const inbox = await getDb().select().from(notifications).where(and(eq(notifications.userId, writer.id), eq(notifications.kind, "published")));
    expect(inbox.map((n) => n.message)).toContain(`${editor.name} published “${approvedRow.question}”`);
    expect(invalidated.tags).toContain("public");

    const page = await getPublishedCheck({ slug: row.slug });
    expect(page.kind).toBe("page");
    if (page.kind === "page") {
      expect(page.sources.map((s) => [s.number, s.title])).toEqual([
        [1, "Parks report"],
        [2, "Budget table"],
      ]);
      expect(page.stale).toBe(false);
      expect(page.versions).toEqual([{ number: 1, checkedOn: version!.checkedOn.toISOString(), changeNote: "First version" }]);
    }
  });

  it("is one transaction: a failure at its last write leaves nothing published", async () => {
    const check = await createApprovedCheck(team);
    await getDb().execute(sql`create or replace function fail_publish_notice() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`);
    await getDb().execute(sql`create trigger fail_publish before insert on notifications for each row when (new.kind = 'published') execute function fail_publish_notice()`);
    try {
      const error = await rejectionOf(() => publishFactCheck({ actor: editor.actor, id: check.id }));
      expect(String((error as Error).message) + String((error as { cause?: Error }).cause?.message ?? "")).toContain("injected failure");
    } finally {
      await getDb().execute(sql`drop trigger fail_publish on notifications`);
    }
    const row = await checkRow(check.id);
    expect([row.status, row.liveVersionId, row.checkedOn]).toEqual(["approved", null, null]);
    expect(await getDb().select().from(publishedVersions).where(eq(publishedVersions.factCheckId, check.id))).toEqual([]);
    expect(await getDb().select().from(auditLog).where(and(eq(auditLog.factCheckId, check.id), eq(auditLog.action, "fact_check.publish")))).toEqual([]);
    expect((await getPublishedCheck({ slug: row.slug })).kind).toBe("missing");
    // Nothing half-done blocks a retry.
    expect((await publishFactCheck({ actor: editor.actor, id: check.id })).version.number).toBe(1);
  });
});

describe("refresh and republication", () => {
  it("keeps the live version up while the refresh draft is reviewed, then publishes version 2 and leaves version 1 untouched", async () => {
    const check = await createApprovedCheck(team, { question: `How many buses run at night? ${crypto.randomUUID().slice(0, 6)}` });
    const first = await publishFactCheck({ actor: editor.actor, id: check.id, input: { changeNote: "First" } });
    const slug = first.version.slug;
    const [v1Before] = await getDb().select().from(publishedVersions).where(eq(publishedVersions.id, first.version.id));
    const pageBefore = await getPublishedCheck({ slug });

    expect((await domainErrorOf(() => startRefresh({ actor: writer.actor, id: check.id }))).status).toBe(403);
    moveClockDays(100);
    await reportOutdated({ slug, note: "The night schedule changed", address: "203.0.113.7" });
    await scheduleRefresh({ actor: editor.actor, input: { ids: [check.id], nextRefreshAt: null } });
    const refreshed = await startRefresh({ actor: editor.actor, id: check.id });
    expect(refreshed.status).toBe("draft");
    expect((await domainErrorOf(() => startRefresh({ actor: editor.actor, id: check.id }))).status).toBe(409);
    const row = await checkRow(check.id);
    expect(row.liveVersionId).toBe(first.version.id);
    expect(contentOf(row)).toEqual(v1Before!.content);

    // The writer revises; readers still see version 1 exactly.
    await edit(writer.actor, check.id, { summary: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Updated: 14 night lines." }] }] } });
    const during = await getPublishedCheck({ slug });
    expect(during).toEqual({
      ...pageBefore,
      stale: true,
      staleAt: null,
      staleReasons: [{ text: expect.stringMatching(/^This check is due for review \(since \w+ \d+, \d{4}\)\.$/), sourceNumber: null }],
      bannerChangesAt: null,
    });
    await submit(writer.actor, check.id, [reviewer]);
    await approve(reviewer.actor, check.id);
    const second = await publishFactCheck({ actor: editor.actor, id: check.id, input: { changeNote: "New night schedule" } });

    expect(second.version.number).toBe(2);
    expect(new Date(second.version.checkedOn).getTime()).toBeGreaterThan(new Date(first.version.checkedOn).getTime() + 99 * 86_400_000);
    const [v1After] = await getDb().select().from(publishedVersions).where(eq(publishedVersions.id, first.version.id));
    expect(v1After).toEqual(v1Before);
    const page = await getPublishedCheck({ slug });
    expect(page.kind === "page" && [page.number, page.stale, page.versions.map((v) => [v.number, v.changeNote])]).toEqual([
      2,
      false,
      [
        [2, "New night schedule"],
        [1, "First"],
      ],
    ]);
    const history = await listPublishedVersions({ actor: editor.actor, id: check.id });
    expect(history.map((v) => [v.number, v.live, v.publishedByName, v.changeNote])).toEqual([
      [2, true, editor.name, "New night schedule"],
      [1, false, editor.name, "First"],
    ]);
    const old = await getPublishedCheck({ slug, number: 1 });
    expect(old.kind === "page" && [old.isCurrent, old.currentNumber, old.content]).toEqual([false, 2, v1Before!.content]);
    // The publication answered the reader's report.
    const open = await getDb().select().from(outdatedReports).where(eq(outdatedReports.factCheckId, check.id));
    expect(open.map((r) => r.resolvedAt?.toISOString())).toEqual([second.version.checkedOn]);
  });

  it("shows a new reviewer of a refresh draft the changes against the live version", async () => {
    const check = await createApprovedCheck(team);
    const first = await publishFactCheck({ actor: editor.actor, id: check.id });
    const [live] = await getDb().select().from(publishedVersions).where(eq(publishedVersions.id, first.version.id));
    await startRefresh({ actor: editor.actor, id: check.id });
    await edit(writer.actor, check.id, { topic: "Parks and trees" });
    const secondReviewer = await createReviewer();
    await submit(writer.actor, check.id, [secondReviewer]);
    const page = await getReviewPage({ actor: secondReviewer.actor, id: check.id });
    expect(page.lastReviewed?.content).toEqual(live!.content);
    expect(page.lastReviewed?.content.topic).toBe("Environment");
  });

  it("refuses an edit of a published check, and keeps a working copy that differs from the live version when a refresh starts", async () => {
    const check = await createApprovedCheck(team);
    const first = await publishFactCheck({ actor: editor.actor, id: check.id });
    const refused = await domainErrorOf(() => edit(writer.actor, check.id, { topic: "Parks" }));
    expect([refused.status, refused.message]).toEqual([403, "This check is published; start a refresh to change it"]);

    // A save that reached the working copy of a published check (as one racing the publication
    // could before saves took the row lock) is not dropped by the refresh.
    await getDb().update(factChecks).set({ topic: "Saved while publishing" }).where(eq(factChecks.id, check.id));
    const draft = await startRefresh({ actor: editor.actor, id: check.id });
    expect([draft.status, draft.topic]).toEqual(["draft", "Saved while publishing"]);
    const [entry] = await getDb()
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.factCheckId, check.id), eq(auditLog.action, "fact_check.start_refresh")));
    expect(entry!.data).toMatchObject({ fromVersion: first.version.number, keptWorkingCopy: true });
  });

  it("moves the address when the question changes and redirects the old one", async () => {
    const check = await createApprovedCheck(team, { question: `Is the river cleaner than in 2010? ${crypto.randomUUID().slice(0, 6)}` });
    const first = await publishFactCheck({ actor: editor.actor, id: check.id });
    await startRefresh({ actor: editor.actor, id: check.id });
    const question = `Is the river cleaner than in 2015? ${crypto.randomUUID().slice(0, 6)}`;
    await edit(writer.actor, check.id, { question });
    await submit(writer.actor, check.id, [reviewer]);
    await approve(reviewer.actor, check.id);
    const second = await publishFactCheck({ actor: editor.actor, id: check.id });
    expect(second.redirectedFrom).toBe(first.version.slug);
    expect(second.version.slug).not.toBe(first.version.slug);
    expect(await getPublishedCheck({ slug: first.version.slug })).toEqual({ kind: "redirect", slug: second.version.slug });
    expect(await getDb().select().from(slugRedirects).where(eq(slugRedirects.factCheckId, check.id))).toHaveLength(1);
  });

  it("answers 'missing' for a check that was never published", async () => {
    const check = await createApprovedCheck(team);
    expect(await getPublishedCheck({ slug: check.slug })).toEqual({ kind: "missing" });
  });
});

describe("sitemap and feed", () => {
  it("list published checks only, newest check first, with the live version's date and the first publication's", async () => {
    moveClockDays(-10);
    const older = await publishFactCheck({ actor: editor.actor, id: (await createApprovedCheck(team, { question: `Sitemap older ${crypto.randomUUID().slice(0, 8)}?` })).id });
    moveClockDays(-5);
    const newer = await publishFactCheck({ actor: editor.actor, id: (await createApprovedCheck(team, { question: `Sitemap newer ${crypto.randomUUID().slice(0, 8)}?` })).id });
    moveClockDays(0);
    const draft = await createApprovedCheck(team, { question: `Sitemap draft ${crypto.randomUUID().slice(0, 8)}?` });
    const ours = new Set([older.version.slug, newer.version.slug, draft.slug]);

    const sitemap = (await listSitemapEntries()).filter((e) => ours.has(e.slug));
    expect(sitemap).toEqual([
      { slug: newer.version.slug, checkedOn: newer.version.checkedOn },
      { slug: older.version.slug, checkedOn: older.version.checkedOn },
    ]);

    // A republication comes back first in the feed with its new date, and keeps its first publication's.
    await startRefresh({ actor: editor.actor, id: older.factCheck.id });
    await submit(team.writer, older.factCheck.id, [team.reviewer]);
    await approve(team.reviewer, older.factCheck.id);
    const again = await publishFactCheck({ actor: editor.actor, id: older.factCheck.id, input: { changeNote: "Re-checked" } });
    const feed = (await listFeedEntries({ limit: 100 })).filter((e) => ours.has(e.slug));
    expect(feed.map((e) => [e.slug, e.checkedOn, e.firstPublished])).toEqual([
      [older.version.slug, again.version.checkedOn, older.version.checkedOn],
      [newer.version.slug, newer.version.checkedOn, newer.version.checkedOn],
    ]);
    expect(feed[0]!.question).toMatch(/^Sitemap older/);
    expect(feed[0]!.summary).toBe("Roughly: the parks department counted 9,870 new trees.");
    expect((await listSitemapEntries()).find((e) => e.slug === older.version.slug)?.checkedOn).toBe(again.version.checkedOn);
    expect(await listFeedEntries({ limit: 1 })).toHaveLength(1);
  });
});

describe("reader reports", () => {
  it("are limited to one per check a day and five an hour per address", async () => {
    const slugs: string[] = [];
    for (let i = 0; i < 6; i++) slugs.push((await publishFactCheck({ actor: editor.actor, id: (await createApprovedCheck(team)).id })).version.slug);
    const address = `198.51.100.${Math.floor(Math.random() * 200)}`;
    expect(await reportOutdated({ slug: slugs[0]!, note: "Figures changed", address })).toBe("recorded");
    expect(await reportOutdated({ slug: slugs[0]!, note: "Again", address })).toBe("already_reported");
    for (const slug of slugs.slice(1, 5)) expect(await reportOutdated({ slug, note: "", address })).toBe("recorded");
    const limited = await domainErrorOf(() => reportOutdated({ slug: slugs[5]!, note: null, address }));
    expect(limited.status).toBe(429);
    const rows = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from outdated_reports where note is null`);
    expect(rows[0]!.n).toBe(4);
  });

  it("keep their limits when a burst arrives at once", async () => {
    const slugs: string[] = [];
    for (let i = 0; i < 3; i++) slugs.push((await publishFactCheck({ actor: editor.actor, id: (await createApprovedCheck(team)).id })).version.slug);
    const address = `198.51.100.${200 + Math.floor(Math.random() * 50)}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => reportOutdated({ slug: slugs[i % 3]!, note: `Burst ${i}`, address })),
    );
    const recorded = outcomes.filter((o) => o.status === "fulfilled" && o.value === "recorded");
    // One per check: three recorded, whatever the order.
    expect(recorded).toHaveLength(3);
    const rows = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from outdated_reports where note like 'Burst %'`);
    expect(rows[0]!.n).toBe(3);
  });

  it("are refused for unpublished checks and overlong notes", async () => {
    const draft = await createApprovedCheck(team);
    expect((await domainErrorOf(() => reportOutdated({ slug: draft.slug, note: "x", address: "192.0.2.1" }))).status).toBe(404);
    const live = await publishFactCheck({ actor: editor.actor, id: (await createApprovedCheck(team)).id });
    const long = await domainErrorOf(() => reportOutdated({ slug: live.version.slug, note: "x".repeat(1001), address: "192.0.2.1" }));
    expect([long.status, long.fields]).toEqual([400, { note: "Keep the note under 1000 characters" }]);
  });
});
