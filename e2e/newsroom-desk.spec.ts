/**
 * The desk as an editor uses it: every check in the newsroom with filters, the
 * refresh queue's bulk form keeping what was entered after an error, and the
 * reader's "may be outdated" banner saying why.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { approvedCheck, DEMO, signedInPage } from "./fixtures";

const SHOTS = process.env.FACTDESK_E2E_SHOTS;
const STALE_DEMO = "Do longer school days raise test scores?";

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.screenshot({ path: `${SHOTS}/${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

/** A published check citing one new source: its question, public URL and the source's library page. */
async function publishedCheck(browser: import("@playwright/test").Browser, tag: string) {
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const editor = await signedInPage(browser, DEMO.editor);
  const question = `Did the ferry carry a million passengers? (${tag})`;
  const id = await approvedCheck(writer, reviewer, { question, summary: "Nearly: the operator counted 987,000 trips.", body: "The operator's annual report lists 987,000 trips." });
  const published = await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} });
  expect(published.status()).toBe(201);
  const check = await (await editor.request.get(`/api/v1/fact-checks/${id}`)).json();
  const sourceId = check.summary.content[0].content[1].attrs.sourceId as string;
  return { editor, question, url: `/fact-checks/${check.slug}`, sourceId };
}

test("an editor finds every check of the newsroom on the desk, filtered by status, owner, topic and staleness; writers cannot", async ({ browser }) => {
  const editor = await signedInPage(browser, DEMO.editor);
  await editor.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "All fact-checks" }).click();
  await expect(editor.getByRole("heading", { level: 1, name: "All fact-checks" })).toBeVisible();
  const table = editor.getByRole("table", { name: "Fact-checks in the newsroom, most recently changed first" });
  // Another writer's check is there, not only the editor's own.
  await expect(table.getByRole("row").filter({ hasText: "Wade Writer" }).first()).toBeVisible();

  // The stale check the README promises: filter by staleness.
  await editor.getByLabel("Staleness").selectOption("stale");
  await editor.getByRole("button", { name: "Filter" }).click();
  await expect(editor).toHaveURL(/staleness=stale/);
  const stale = table.getByRole("row").filter({ hasText: STALE_DEMO });
  await expect(stale).toContainText("May be outdated");
  await expect(stale).toContainText(/Older than \d+ days/);
  for (const row of await table.locator("tbody tr").all()) await expect(row).toContainText("May be outdated");

  // By owner and status.
  await editor.goto("/desk/checks");
  await editor.getByLabel("Owner").selectOption({ label: "Wade Writer" });
  await editor.getByLabel("Status").selectOption("in_review");
  await editor.getByRole("button", { name: "Filter" }).click();
  const rows = table.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row.getByRole("cell").nth(1)).toHaveText(/In review/);
    await expect(row.getByRole("cell").nth(2)).toHaveText("Wade Writer");
  }
  // By topic.
  await editor.goto("/desk/checks");
  await editor.getByLabel("Topic").selectOption("Education");
  await editor.getByRole("button", { name: "Filter" }).click();
  await expect(table.getByRole("row").filter({ hasText: STALE_DEMO })).toBeVisible();
  for (const row of await rows.all()) await expect(row.getByRole("cell").nth(3)).toHaveText("Education");
  await editor.goto("/desk/checks");
  await shoot(editor, "desk-list");

  // A writer has no such link, and the page is not there for them.
  const writer = await signedInPage(browser, DEMO.writer);
  await expect(writer.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "All fact-checks" })).toHaveCount(0);
  const response = await writer.goto("/desk/checks");
  expect(response?.status()).toBe(404);
});

test("a dead source puts its reason on the reader's banner; the queue's bulk form keeps the ticked checks and assignee after an error", async ({ browser }) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36);
  const { editor, question, url, sourceId } = await publishedCheck(browser, tag);

  // The editor marks the cited source dead in the library.
  await editor.goto(`/sources/${sourceId}`);
  const status = editor.getByRole("region", { name: "Status" });
  await status.getByLabel("Status").selectOption("dead");
  await status.getByLabel("Note").fill("The operator took the report down.");
  await status.getByRole("button", { name: "Change status" }).click();
  await expect(status.getByText("Status changed.")).toBeVisible();

  // A reader sees the banner and why, in their words, with the date; the page passes axe.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto(url);
  const banner = reader.getByRole("note", { name: "This fact-check may be outdated" });
  await expect(banner).toBeVisible();
  const reasons = banner.getByRole("list", { name: "Why it may be outdated" }).getByRole("listitem");
  await expect(reasons).toHaveText([/^A source this check relies on is no longer online \(since \w+ \d{1,2}, \d{4}\)\. See source \[1\]$/]);
  await reasons.getByRole("link", { name: "See source [1]" }).click();
  await expect(reader).toHaveURL(/#source-1$/);
  expect((await new AxeBuilder({ page: reader }).analyze()).violations).toEqual([]);

  // The queue: tick two checks, choose an assignee, forget the date.
  await editor.goto("/desk/refresh");
  const mine = editor.getByRole("checkbox", { name: `Select “${question}”` });
  const demo = editor.getByRole("checkbox", { name: `Select “${STALE_DEMO}”` });
  await mine.check();
  await demo.check();
  await editor.getByLabel("Assign to").selectOption({ label: "Wren Writer (writer)" });
  await editor.getByRole("button", { name: "Schedule selected" }).click();
  await expect(editor.getByText("Choose a date")).toBeVisible();
  await expect(mine).toBeChecked();
  await expect(demo).toBeChecked();
  await expect(editor.getByLabel("Assign to").locator("option:checked")).toHaveText("Wren Writer (writer)");
  await shoot(editor, "queue");

  // With a date it goes through, for the one check left ticked.
  await demo.uncheck();
  const next = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await editor.getByLabel("Refresh by").fill(next);
  await editor.getByRole("button", { name: "Schedule selected" }).click();
  await expect(editor.getByRole("status").filter({ hasText: "Refresh scheduled for 1 fact-check." })).toBeVisible();
  await expect(editor.getByRole("row").filter({ hasText: question })).toContainText("Wren Writer");
});

test("the site settings keep the chosen time zone and the typed interval after an error", async ({ browser }) => {
  const admin = await signedInPage(browser, DEMO.admin);
  await admin.goto("/admin/settings");
  const zone = admin.getByLabel("Time zone");
  const before = await zone.inputValue();
  const other = before === "Europe/Paris" ? "Europe/Berlin" : "Europe/Paris";
  await zone.selectOption(other);
  await admin.getByLabel("Default refresh interval (days)").fill("0");
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByText("The interval is at least 1 day")).toBeVisible();
  await expect(zone).toHaveValue(other);
  await expect(admin.getByLabel("Default refresh interval (days)")).toHaveValue("0");
  // Nothing was saved.
  await admin.reload();
  await expect(admin.getByLabel("Time zone")).toHaveValue(before);
});

test("the newsroom's links fetch their pages ahead only when pointed at: opening a check asks the server for no other page, and marks nothing read when nothing is unread", async ({ browser }) => {
  const writer = await signedInPage(browser, DEMO.writer);
  const created = await writer.request.post("/api/v1/fact-checks", { data: { question: "Do the frame's links wait to be pointed at?" } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const prefetched: string[] = [];
  const actions: string[] = [];
  writer.on("request", (request) => {
    if (request.headers()["next-router-prefetch"]) prefetched.push(new URL(request.url()).pathname);
    if (request.headers()["next-action"]) actions.push(new URL(request.url()).pathname);
  });

  await writer.goto(`/desk/fact-checks/${id}`);
  await expect(writer.getByRole("textbox", { name: "Question" })).toHaveAttribute("contenteditable", "true");
  await writer.waitForLoadState("networkidle");
  expect(prefetched).toEqual([]);
  // Nothing in the inbox about this check: nothing to mark read either.
  expect(actions).toEqual([]);

  // Pointed at, a link fetches its page ahead; followed, it shows it.
  const sources = writer.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Sources" });
  await sources.hover();
  await expect.poll(() => prefetched).toContain("/sources");
  await sources.click();
  await expect(writer).toHaveURL(/\/sources$/);
  await expect(writer.getByRole("heading", { level: 1, name: "Source library" })).toBeVisible();

  // The keyboard counts as intent too; the inbox follows.
  await writer.getByRole("link", { name: /^Inbox/ }).focus();
  await expect.poll(() => prefetched).toContain("/inbox");
  await writer.keyboard.press("Enter");
  await expect(writer).toHaveURL(/\/inbox$/);
  await writer.context().close();
});
