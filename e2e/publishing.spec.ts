/**
 * The newsroom round trip of publishing: a writer drafts with citations, a
 * reviewer approves, an editor publishes; a reader sees "Checked on" today and
 * no banner. With the clock moved past the refresh interval the banner shows
 * and the check is in the refresh queue; the editor schedules and starts a
 * refresh, the live page stays as it was, and the refreshed version publishes
 * with a new date and two entries in the version history.
 *
 * The draft and its citations are written through the API (the editor's
 * citation picker is exercised by its own spec); submitting, approving,
 * publishing, scheduling and starting the refresh go through the UI.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { DEMO, expect, signedInPage, test } from "./fixtures";

const DAY_MS = 86_400_000;
const INTERVAL_DAYS = 90; // the site default in the demo data

const paragraph = (value: string, sourceId?: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: value }, ...(sourceId ? [{ type: "citation", attrs: { sourceId } }] : [])] }],
});

/** "Checked on November 27, 2026" for an instant, in the site's time zone (UTC in the demo data). */
const checkedOn = (at: Date) =>
  `Checked on ${new Intl.DateTimeFormat("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(at)}`;

async function moveClock(page: Page, offsetDays: number) {
  const response = await page.request.post("/api/test/clock", { data: { offsetDays } });
  expect(response.status()).toBe(200);
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function submitForReview(writer: Page, id: string) {
  await writer.goto(`/desk/fact-checks/${id}/review`);
  await writer.getByRole("button", { name: /^(Re)?[sS]ubmit for review$/ }).click();
  const dialog = writer.getByRole("dialog", { name: "Submit for review" });
  await dialog.getByRole("checkbox", { name: /Rhea Reviewer/ }).check();
  await dialog.getByRole("button", { name: "Submit to 1 reviewer" }).click();
  await expect(dialog).toBeHidden();
}

async function approve(reviewer: Page, id: string) {
  await reviewer.goto(`/desk/fact-checks/${id}/review`);
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByText(/You approved revision \d+\./)).toBeVisible();
}

async function publish(editor: Page, id: string, changeNote: string) {
  await editor.goto(`/desk/fact-checks/${id}/publish`);
  await editor.getByLabel("Change note (optional)").fill(changeNote);
  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(editor.getByRole("status").filter({ hasText: /Version \d+ is live/ })).toBeVisible();
}

test.afterEach(async ({ request }) => {
  // Other specs share this server: put the clock back whatever happened.
  await request.post("/api/test/clock", { data: { offsetDays: 0 } });
});

test("publish, go stale, schedule and refresh, republish", async ({ browser }) => {
  // Some fifty steps and eight accessibility audits: about a minute on a quiet machine.
  test.setTimeout(180_000);
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const editor = await signedInPage(browser, DEMO.editor);
  const reader = await (await browser.newContext()).newPage();

  // The writer drafts with two cited sources.
  const sources: string[] = [];
  for (const [i, title] of ["Transit ridership report", "Night bus timetable"].entries()) {
    const res = await writer.request.post("/api/v1/sources", {
      data: { url: `https://example.org/transit/${tag}/${i}`, title: `${title} ${tag}`, publisher: "City transit agency" },
    });
    expect(res.status()).toBe(201);
    sources.push((await res.json()).id);
  }
  const question = `Do night buses run every 20 minutes? (${tag})`;
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: {
      question,
      topic: "Transport",
      claimReviewed: "Night buses run every 20 minutes.",
      verdict: "Mostly true",
      summary: paragraph("Mostly: most night lines run every 20 minutes, two run every 30.", sources[0]),
      sections: [
        { heading: "What the timetable says", body: paragraph("The published night timetable lists 20-minute intervals on 12 of 14 lines.", sources[1]) },
        { heading: "Ridership", body: paragraph("Night ridership grew after the change.", sources[0]) },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const check = (await created.json()) as { id: string; slug: string };

  await submitForReview(writer, check.id);
  await approve(reviewer, check.id);
  const publishedAt = new Date();
  await publish(editor, check.id, "First publication");

  // A reader sees it with "Checked on" today and no banner; the page passes axe.
  const url = `/fact-checks/${check.slug}`;
  const response = await reader.goto(url);
  // Cached, and never served (here or by a shared cache) more than an hour past the moment it may change.
  const cacheControl = response?.headers()["cache-control"] ?? "";
  const maxAge = Number(/s-maxage=(\d+)/.exec(cacheControl)?.[1]);
  const staleFor = Number(/stale-while-revalidate=(\d+)/.exec(cacheControl)?.[1] ?? 0);
  expect(maxAge, cacheControl).toBeGreaterThanOrEqual(60);
  expect(maxAge + staleFor, cacheControl).toBeLessThanOrEqual(3600);
  await expect(reader.getByRole("heading", { level: 1, name: question })).toBeVisible();
  await expect(reader.getByText(checkedOn(publishedAt), { exact: true }).first()).toBeVisible();
  await expect(reader.getByRole("note", { name: "This fact-check may be outdated" })).toHaveCount(0);
  await expect(reader.getByRole("heading", { name: "1. What the timetable says" })).toBeVisible();
  await expect(reader.getByRole("link", { name: "Source 1", exact: true }).first()).toHaveAccessibleDescription(/^Transit ridership report/);
  await expect(reader.getByRole("heading", { name: "Sources" })).toBeVisible();
  await expectNoAxeViolations(reader);
  const ld = JSON.parse((await reader.locator('script[type="application/ld+json"]').textContent()) ?? "{}");
  expect(ld).toMatchObject({ "@type": "ClaimReview", claimReviewed: "Night buses run every 20 minutes.", reviewRating: { alternateName: "Mostly true" } });
  const firstSummary = (await reader.getByRole("region", { name: "Executive summary" }).textContent()) ?? "";

  // The home page and the search list it. The home page is cached as the check's page is.
  await reader.goto("/");
  await expect(reader).toHaveURL(/\/$/);
  await expect(reader.getByRole("link", { name: question })).toBeVisible();
  await expectNoAxeViolations(reader);
  const home = await reader.request.get("/");
  expect(home.headers()["x-nextjs-cache"]).toBe("HIT");
  // A shared cache may keep it a minute (no tag reaches a CDN), and never more than an hour in all.
  const homeCacheControl = home.headers()["cache-control"] ?? "";
  expect(homeCacheControl).toMatch(/(^|,\s*)s-maxage=60(,|$)/);
  expect(60 + Number(/stale-while-revalidate=(\d+)/.exec(homeCacheControl)?.[1] ?? 0)).toBeLessThanOrEqual(3600);
  // Its cached route names "/" as the page's address, and has no other edition.
  expect(await reader.locator('link[rel="canonical"]').getAttribute("href")).toMatch(/^https?:\/\/[^/]+\/$/);
  expect((await reader.request.get("/home/yesterday")).status()).toBe(404);
  await reader.goto(`/search?q=${encodeURIComponent(`night buses ${tag}`)}`);
  await expect(reader.getByRole("link", { name: question })).toBeVisible();
  await expectNoAxeViolations(reader);

  // Past the interval: the banner shows and the check is in the refresh queue.
  await moveClock(editor, INTERVAL_DAYS + 1);
  await reader.goto(url);
  await expect(reader.getByRole("note", { name: "This fact-check may be outdated" })).toBeVisible();
  // It says why, in a reader's words, with the day.
  await expect(reader.getByRole("list", { name: "Why it may be outdated" }).getByRole("listitem")).toHaveText([/^This check is due for review \(since \w+ \d{1,2}, \d{4}\)\.$/]);
  await expect(reader.getByText(checkedOn(publishedAt), { exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(reader);

  await editor.goto("/desk/refresh?topic=Transport");
  const row = editor.getByRole("row").filter({ has: editor.getByRole("link", { name: question }) });
  await expect(row).toContainText(`Older than ${INTERVAL_DAYS} days`);
  await expectNoAxeViolations(editor);

  // The editor schedules it (ticked in the queue) for the writer, then starts the refresh.
  const refreshDay = new Date(Date.now() + (INTERVAL_DAYS + 8) * DAY_MS).toISOString().slice(0, 10);
  await row.getByRole("checkbox").check();
  await editor.getByLabel("Refresh by").fill(refreshDay);
  await editor.getByLabel("Assign to").selectOption({ label: "Wren Writer (writer)" });
  await editor.getByRole("button", { name: "Schedule selected" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Refresh scheduled for 1 fact-check." })).toBeVisible();
  await editor.reload();
  await expect(row).toContainText("Wren Writer");

  await editor.goto(`/desk/fact-checks/${check.id}/publish`);
  await expectNoAxeViolations(editor);
  await editor.getByRole("button", { name: "Start refresh" }).click();
  await expect(editor).toHaveURL(new RegExp(`/desk/fact-checks/${check.id}$`));

  // The writer revises the refresh draft; readers still see the live version, unchanged.
  const draft = await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  expect(draft.status).toBe("draft");
  const revised = await writer.request.patch(`/api/v1/fact-checks/${check.id}`, {
    data: { version: draft.version, summary: paragraph("Yes: since the spring timetable every night line runs every 20 minutes.", sources[1]) },
  });
  expect(revised.status()).toBe(200);
  await reader.goto(url);
  await expect(reader.getByRole("region", { name: "Executive summary" })).toHaveText(firstSummary);
  await expect(reader.getByText(checkedOn(publishedAt), { exact: true }).first()).toBeVisible();

  await submitForReview(writer, check.id);
  await approve(reviewer, check.id);
  await publish(editor, check.id, "Spring timetable: all lines every 20 minutes");

  // The refreshed version is live with the new date, no banner, and two versions in its history.
  const republishedAt = new Date(Date.now() + (INTERVAL_DAYS + 1) * DAY_MS);
  await reader.goto(url);
  await expect(reader.getByText(checkedOn(republishedAt), { exact: true }).first()).toBeVisible();
  await expect(reader.getByRole("note", { name: "This fact-check may be outdated" })).toHaveCount(0);
  await expect(reader.getByRole("region", { name: "Executive summary" })).toContainText("since the spring timetable");
  const history = reader.getByRole("region", { name: "Version history" });
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history).toContainText("Spring timetable: all lines every 20 minutes");
  await expect(history).toContainText("First publication");
  await expectNoAxeViolations(reader);

  // The first version is still there, and says it is not the current one.
  await history.getByRole("link", { name: /^Version 1, checked on/ }).click();
  await expect(reader.getByRole("note", { name: "Older version" })).toContainText("This is not the current version of this fact-check.");
  await expect(reader.getByRole("region", { name: "Executive summary" })).toHaveText(firstSummary);
  await expectNoAxeViolations(reader);

  // The refresh answered the schedule: the check left the queue.
  await editor.goto("/desk/refresh?topic=Transport");
  await expect(editor.getByRole("link", { name: question })).toHaveCount(0);
});

test("a republished check with a new question moves to a new address, and its old, cached address redirects there", async ({ browser, request }) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const editor = await signedInPage(browser, DEMO.editor);
  const source = await writer.request.post("/api/v1/sources", { data: { url: `https://example.org/ferry/${tag}`, title: `Ferry timetable ${tag}`, publisher: "Port authority" } });
  const sourceId = ((await source.json()) as { id: string }).id;
  const reviewerId = ((await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] }).data.find((u) => u.email === DEMO.reviewer)!.id;
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question: `Does the ferry run hourly? (${tag})`, summary: paragraph("Yes, from 6 am to midnight.", sourceId), sections: [{ heading: "Timetable", body: paragraph("Departures every hour on the hour.", sourceId) }] },
  });
  const check = (await created.json()) as { id: string; version: number };
  const publishApproved = async () => {
    expect((await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);
    expect((await reviewer.request.post(`/api/v1/fact-checks/${check.id}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
    const published = await editor.request.post(`/api/v1/fact-checks/${check.id}/publish`, { data: { changeNote: "Checked" } });
    expect(published.status()).toBe(201);
    return (await published.json()) as { version: { slug: string }; redirectedFrom: string | null };
  };
  const first = await publishApproved();
  const oldUrl = `/fact-checks/${first.version.slug}`;
  // A reader's visit caches the page at its first address.
  expect((await request.get(oldUrl)).status()).toBe(200);
  expect((await request.get(oldUrl)).headers()["x-nextjs-cache"]).toBe("HIT");

  // A refresh renames the question, and is published.
  expect((await editor.request.post(`/api/v1/fact-checks/${check.id}/refresh`)).status()).toBe(200);
  const current = (await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json()) as { version: number };
  const renamed = await writer.request.patch(`/api/v1/fact-checks/${check.id}`, { data: { question: `Does the ferry run every 30 minutes? (${tag})`, version: current.version } });
  expect(renamed.status()).toBe(200);
  const second = await publishApproved();
  expect(second.redirectedFrom).toBe(first.version.slug);
  expect(second.version.slug).not.toBe(first.version.slug);

  // Permanently moved, with one Location header both on the answer just rendered and on the cached one
  // (lib/one-location-header.mjs, server.mjs's responses).
  const target = `/fact-checks/${second.version.slug}`;
  for (const cache of ["MISS", "HIT"]) {
    const moved = await request.get(oldUrl, { maxRedirects: 0 });
    expect([moved.status(), moved.headers()["x-nextjs-cache"], moved.headers()["cache-control"]]).toEqual([308, cache, "s-maxage=3600"]);
    expect(moved.headersArray().filter((h) => h.name.toLowerCase() === "location").map((h) => h.value)).toEqual([target]);
  }
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(oldUrl);
  await expect(reader).toHaveURL(new RegExp(`/fact-checks/${second.version.slug}$`));
  await expect(reader.getByRole("heading", { level: 1, name: `Does the ferry run every 30 minutes? (${tag})` })).toBeVisible();
});

test("a draft-only check is not found by readers, and a reader can report outdated information", async ({ browser, request }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const created = await writer.request.post("/api/v1/fact-checks", { data: { question: `Unpublished draft ${Date.now()}?` } });
  const draft = (await created.json()) as { slug: string };
  const missing = await request.get(`/fact-checks/${draft.slug}`);
  expect(missing.status()).toBe(404);

  const reader = await (await browser.newContext()).newPage();
  await reader.goto("/");
  const first = reader.getByRole("article").first().getByRole("link").first();
  await first.click();
  await reader.getByText("Report outdated information").click();
  await reader.getByLabel("What looks outdated? (optional)").fill("The figures were revised last week.");
  await reader.getByRole("button", { name: "Send report" }).click();
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(/Thank you/);
  await expectNoAxeViolations(reader);
});

test("the sitemap and the feed list published checks with their dates, never a draft", async ({ browser, request }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const draft = (await (await writer.request.post("/api/v1/fact-checks", { data: { question: `Sitemap draft ${Date.now()}?` } })).json()) as { slug: string };
  const reader = await (await browser.newContext()).newPage();
  await reader.goto("/");
  const link = reader.getByRole("article").first().getByRole("link").first();
  const question = (await link.textContent())!.trim();
  await link.click();
  const slug = new URL(reader.url()).pathname.split("/").pop()!;
  const checkedOnDay = await reader.locator("time").first().getAttribute("datetime");

  const sitemap = await request.get("/sitemap.xml");
  expect(sitemap.status()).toBe(200);
  expect(sitemap.headers()["content-type"]).toContain("xml");
  const xml = await sitemap.text();
  const entry = new RegExp(`<loc>https?://[^<]+/fact-checks/${slug}</loc>\\s*<lastmod>([^<]+)</lastmod>`).exec(xml);
  expect(entry?.[1]?.slice(0, 10), xml.slice(0, 500)).toBe(checkedOnDay);
  expect(xml).not.toContain(draft.slug);

  const feed = await request.get("/feed.xml");
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("application/rss+xml");
  const rss = await feed.text();
  expect(rss).toMatch(new RegExp(`<link>https?://[^<]+/fact-checks/${slug}</link>`));
  expect(rss).toContain(question);
  expect(rss).not.toContain(draft.slug);
});

test("“How we check” has the public pages' frame: the search form finds checks and the footer leads back", async ({ page }) => {
  await page.goto("/about");
  await expect(page).toHaveTitle("How we check");
  await expect(page.getByRole("heading", { level: 1, name: "How we check" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("searchbox", { name: "Search fact-checks" }).fill("four-day");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=four-day$/);
  await expect(page.getByRole("link", { name: "Does a four-day school week improve test scores?" })).toBeVisible();
  await page.goto("/about");
  await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Latest fact-checks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Latest fact-checks" })).toBeVisible();
});

test("the refresh queue comes a page at a time, in the browser and in the API", async ({ browser }) => {
  const editor = await signedInPage(browser, DEMO.editor);
  // A year on, every published check is past its interval.
  await moveClock(editor, 365);
  const all = (await (await editor.request.get("/api/v1/refresh-queue")).json()) as { total: number; items: { id: string; question: string }[] };
  expect(all.total).toBeGreaterThanOrEqual(2);
  const second = await editor.request.get("/api/v1/refresh-queue?limit=1&offset=1");
  expect(second.status()).toBe(200);
  const page2 = (await second.json()) as typeof all & { limit: number; offset: number };
  expect([page2.total, page2.limit, page2.offset, page2.items.map((i) => i.id)]).toEqual([all.total, 1, 1, [all.items[1]!.id]]);
  const wrong = await editor.request.get("/api/v1/refresh-queue?limit=lots");
  expect([wrong.status(), (await wrong.json()).error.fields]).toEqual([400, { limit: "limit must be a number" }]);

  await editor.goto("/desk/refresh");
  await expect(editor.getByText(`${all.total} checks in the queue.`)).toBeVisible();
  await expect(editor.getByRole("navigation", { name: "Pages of the queue" })).toHaveCount(0);
  await editor.goto("/desk/refresh?offset=1");
  const rest = all.total === 2 ? "2" : `2–${all.total}`;
  await expect(editor.getByText(`${rest} of ${all.total} checks in the queue, most overdue first.`)).toBeVisible();
  await expect(editor.getByRole("link", { name: all.items[0]!.question, exact: true })).toHaveCount(0);
  await expect(editor.getByRole("link", { name: all.items[1]!.question, exact: true })).toBeVisible();
  await editor.getByRole("navigation", { name: "Pages of the queue" }).getByRole("link", { name: "Previous", exact: true }).click();
  await expect(editor).toHaveURL(/\/desk\/refresh$/);
  await expect(editor.getByRole("link", { name: all.items[0]!.question, exact: true })).toBeVisible();
  await editor.goto("/desk/refresh?offset=100000");
  await expect(editor.getByText("This page is past the end of the queue.")).toBeVisible();
  await editor.getByRole("link", { name: "Go to the first page" }).click();
  await expect(editor.getByRole("link", { name: all.items[0]!.question, exact: true })).toBeVisible();
});

test("API: publishing needs an approved check and an editor; the queue and scheduling answer editors only", async ({ browser }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const editor = await signedInPage(browser, DEMO.editor);
  const created = await writer.request.post("/api/v1/fact-checks", { data: { question: `API publishing ${Date.now()}?` } });
  const { id } = (await created.json()) as { id: string };

  const byWriter = await writer.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} });
  expect(byWriter.status()).toBe(409);
  const byEditor = await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: { changeNote: "x" } });
  expect([byEditor.status(), (await byEditor.json()).error.message]).toEqual([409, "Only an approved check can be published; this one is a draft"]);
  expect((await editor.request.post(`/api/v1/fact-checks/${id}/refresh`)).status()).toBe(409);

  expect((await writer.request.get("/api/v1/refresh-queue")).status()).toBe(403);
  const queue = await editor.request.get("/api/v1/refresh-queue?reason=interval");
  expect(queue.status()).toBe(200);
  expect(Array.isArray((await queue.json()).items)).toBe(true);

  const past = await editor.request.put(`/api/v1/fact-checks/${id}/schedule`, { data: { nextRefreshAt: "2000-01-01", assigneeId: null } });
  expect(past.status()).toBe(400);
  expect((await past.json()).error.fields).toEqual({ nextRefreshAt: "Choose today or a later date" });
});

test("an admin's banner text reaches the cached public pages at once", async ({ browser }) => {
  const admin = await signedInPage(browser, DEMO.admin);
  const reader = await (await browser.newContext()).newPage();
  // The demo data publishes one check as if 120 days ago: it is stale.
  await reader.goto("/");
  const stale = reader.getByRole("listitem").filter({ hasText: "May be outdated" }).first();
  await stale.getByRole("link").first().click();
  // The setting is the banner's first paragraph; the reasons follow it.
  const banner = reader.getByRole("note", { name: "This fact-check may be outdated" }).locator("p").first();
  const original = (await banner.textContent()) ?? "";
  const text = `Check the date: this page may be out of date (${Date.now()}).`;
  const save = async (bannerText: string) => {
    await admin.goto("/admin/settings");
    await admin.getByLabel("Outdated banner").fill(bannerText);
    await admin.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  };
  await save(text);
  try {
    await reader.reload();
    await expect(banner).toHaveText(text);
  } finally {
    await save(original);
  }
});

test("public pages come from the response cache in front of Next.js; pages of the desk and client navigations never do", async ({ browser, request }) => {
  const home = await request.get("/");
  const link = /href="(\/fact-checks\/[a-z0-9-]+)"/.exec(await home.text())?.[1];
  expect(link, "a published check on the home page").toBeTruthy();
  const first = await request.get(link!);
  const second = await request.get(link!);
  expect(second.status()).toBe(200);
  expect(second.headers()["x-factdesk-cache"]).toBe("HIT");
  expect(second.headers()["cache-control"]).toBe(first.headers()["cache-control"]);
  expect(await second.text()).toBe(await first.text());
  // A browser's own request (another accepted encoding) gets the same page.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(link!);
  await expect(reader.getByText(/^Checked on /)).toBeVisible();

  // A client navigation asks for the page's RSC payload: always Next.js's own answer.
  const rsc = await request.get(link!, { headers: { rsc: "1" } });
  const rscAgain = await request.get(link!, { headers: { rsc: "1" } });
  expect(rscAgain.status()).toBe(200);
  expect(rscAgain.headers()["content-type"]).toContain("text/x-component");
  expect([rsc.headers()["x-factdesk-cache"], rscAgain.headers()["x-factdesk-cache"]]).toEqual([undefined, undefined]);

  // The desk is rendered for each signed-in user, and never kept.
  for (const account of [DEMO.writer, DEMO.editor]) {
    const desk = await signedInPage(browser, account);
    await desk.request.get("/desk");
    const again = await desk.request.get("/desk");
    expect(again.headers()["x-factdesk-cache"]).toBeUndefined();
    expect(again.headers()["cache-control"]).toContain("no-store");
    await desk.context().close();
  }
});
