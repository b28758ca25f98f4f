/**
 * The newsroom on a phone-sized screen (390 × 844): the desk, the editor, the
 * review page and the refresh queue fit the width (nothing scrolls the page
 * sideways) and their main actions can be reached and used there. A reviewer
 * approves on the go.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { approvedCheck, DEMO, expect, test } from "./fixtures";

test.use({ viewport: { width: 390, height: 844 } });

const unique = () => crypto.randomUUID().slice(0, 8);
const para = (text: string, sourceId?: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }, ...(sourceId ? [{ type: "citation", attrs: { sourceId } }] : [])] }],
});
// A question as long as real ones get, with a long word that a narrow column must still wrap.
const longQuestion = (tag: string) =>
  `Did the regional recruitment offices really pay signing bonuses worth eighteen months of local wages to volunteers in 2025 (counter-intelligence-verified-${tag})?`;

/** The page is no wider than the screen: nothing can be scrolled to sideways. */
async function expectFitsTheWidth(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    clientWidth: document.scrollingElement!.clientWidth,
  }));
  expect(scrollWidth, "the page's width against the screen's").toBeLessThanOrEqual(clientWidth);
}

/**
 * Scrolled to, `target` shows on the screen and lies within its width: not cut
 * off at the side, nor hidden in a container that scrolls sideways.
 */
async function expectReachable(target: Locator) {
  await target.scrollIntoViewIfNeeded();
  await expect(target).toBeInViewport();
  const box = (await target.boundingBox())!;
  const width = target.page().viewportSize()!.width;
  expect(box.x, "its left edge").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, "its right edge").toBeLessThanOrEqual(width);
  // What is drawn at its centre is the target itself, not a panel over it.
  const onTop = await target.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return !!hit && (element === hit || element.contains(hit) || hit.contains(element));
  });
  expect(onTop, "nothing covers it").toBe(true);
}

/** Each of the row's `count` cells can be reached: none lies off to the side of a table that scrolls. */
async function expectEveryCellReachable(row: Locator, count: number) {
  const cells = row.getByRole("cell");
  await expect(cells).toHaveCount(count);
  for (let i = 0; i < count; i += 1) await expectReachable(cells.nth(i));
}

/** What an accessibility audit finds on the page as laid out for the phone: nothing. */
async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name.replace(/\W+/g, "-")}-390.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(`${name} at 390 px`, { path, contentType: "image/png" });
}

async function newSource(page: Page, tag: string) {
  const response = await page.request.post("/api/v1/sources", {
    data: { url: `https://www.example.org/recruitment/${tag}`, title: `Signing bonuses: how Russia's regions compete for recruits ${tag}`, publisher: "Example Monitor" },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("the desk fits a phone's width, and its checks and “New fact-check” can be reached", async ({ page, signIn }, testInfo) => {
  test.setTimeout(60_000);
  const tag = unique();
  await signIn(page, DEMO.writer);
  const created = await page.request.post("/api/v1/fact-checks", { data: { question: longQuestion(tag), topic: "Defence and security policy" } });
  expect(created.status()).toBe(201);
  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: "Your desk" })).toBeVisible();
  await expectFitsTheWidth(page);
  await expectReachable(page.getByRole("main").getByRole("link", { name: "New fact-check" }));
  const row = page.getByRole("row").filter({ hasText: longQuestion(tag) });
  await expectReachable(row.getByRole("link", { name: longQuestion(tag) }));
  // Every column of the row is on the screen, not off to the side of a table that scrolls.
  await expectEveryCellReachable(row, 4);
  await expect(row.getByRole("cell").nth(1)).toHaveText("Draft");
  await expect(row.getByRole("cell").nth(2)).toHaveText("Defence and security policy");
  await screenshot(page, testInfo, "desk");
  await expectNoAxeViolations(page);
  await row.getByRole("link", { name: longQuestion(tag) }).click();
  await expect(page).toHaveURL(/\/desk\/fact-checks\/[^/]+$/);
});

test("the newsroom's list of every check fits a phone's width, each check a card", async ({ as }, testInfo) => {
  test.setTimeout(60_000);
  const tag = unique();
  const writer = await as(DEMO.writer);
  const editor = await as(DEMO.editor);
  await editor.setViewportSize({ width: 390, height: 844 });
  expect((await writer.request.post("/api/v1/fact-checks", { data: { question: longQuestion(tag), topic: "Defence and security policy" } })).status()).toBe(201);
  await editor.goto("/desk/checks");
  await expect(editor.getByRole("heading", { level: 1, name: "All fact-checks" })).toBeVisible();
  await expectFitsTheWidth(editor);
  const row = editor.getByRole("row").filter({ hasText: longQuestion(tag) });
  await expectEveryCellReachable(row, 6);
  await expect(row.getByRole("cell").nth(3)).toHaveText("Defence and security policy");
  await screenshot(editor, testInfo, "all checks");
});

test("the editor fits a phone's width: writing, citing, the save status and “Submit for review” are at hand", async ({ page, signIn }, testInfo) => {
  test.setTimeout(60_000);
  const tag = unique();
  await signIn(page, DEMO.writer);
  const sourceId = await newSource(page, tag);
  const created = await page.request.post("/api/v1/fact-checks", {
    data: {
      question: longQuestion(tag),
      summary: para("Partly. Bonuses rose, but not everywhere.", sourceId),
      sections: [{ heading: "What the regional budgets show about bonuses paid to volunteers", body: para("Regional budgets list the bonuses.", sourceId) }],
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/desk/fact-checks/${id}`);
  const body = page.getByRole("textbox", { name: "Section 1 body" });
  // The editor itself, not the first view it replaces (whose fields leave the page as it takes over).
  await expect(body).toHaveAttribute("contenteditable", "true");
  await expectFitsTheWidth(page);
  await expectReachable(page.getByRole("textbox", { name: "Question", exact: true }));
  await body.click();
  await page.keyboard.press("End");
  await page.keyboard.type(" More from the ministry.");
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  await expectReachable(page.getByRole("button", { name: "Cite" }).first());
  await expectReachable(page.getByRole("button", { name: "Add section" }));
  await expectReachable(page.getByRole("button", { name: "Submit for review" }));
  // Down at the review panel, past the whole check, whether the text is saved still shows.
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeInViewport();
  await expectFitsTheWidth(page);
  await screenshot(page, testInfo, "editor");
  await expectNoAxeViolations(page);
  // The dialog it opens fits too, and its reviewers can be ticked.
  await page.getByRole("button", { name: "Submit for review" }).click();
  const dialog = page.getByRole("dialog", { name: "Submit for review" });
  await expectReachable(dialog.getByRole("checkbox").first());
  await expectReachable(dialog.getByRole("button", { name: "Cancel" }));
  await expectFitsTheWidth(page);
});

test("on a phone the check stays where it is when the status bar, which comes after it in the page, arrives", async ({ page, signIn }) => {
  await signIn(page, DEMO.writer);
  const created = await page.request.post("/api/v1/fact-checks", {
    data: { question: `Do ferries run on time? ${unique()}`, summary: para("Mostly."), sections: [{ heading: "Timetables", body: para("Most sailings leave within five minutes.") }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const url = `/desk/fact-checks/${id}`;
  // Where the check's column starts, its page laid out without scripts: whole, then only up to the side column, as a
  // long check's page is painted while the rest of it is still arriving.
  const questionTop = async (cut: boolean) => {
    const context = await page.context().browser()!.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, storageState: await page.context().storageState() });
    const phone = await context.newPage();
    await phone.route(`**${url}`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const side = html.lastIndexOf("<aside", html.indexOf('aria-label="Saving and actions"'));
      expect(side, "the side column in the page").toBeGreaterThan(0);
      await route.fulfill({ response, body: cut ? html.slice(0, side) : html });
    });
    await phone.goto(url);
    const question = phone.getByRole("textbox", { name: "Question", exact: true });
    await expect(question).toBeVisible();
    await expect(phone.getByRole("link", { name: "Preview (opens in a new tab)" })).toHaveCount(cut ? 0 : 1);
    const top = (await question.boundingBox())!.y;
    await context.close();
    return top;
  };
  const whole = await questionTop(false);
  const arriving = await questionTop(true);
  expect(Math.abs(arriving - whole), `the question at ${arriving}px before the status bar arrives, at ${whole}px after`).toBeLessThan(1);
});

test("the review page fits a phone's width, and a reviewer approves from there", async ({ as }, testInfo) => {
  test.setTimeout(60_000);
  const tag = unique();
  const writer = await as(DEMO.writer);
  const reviewer = await as(DEMO.reviewer);
  await reviewer.setViewportSize({ width: 390, height: 844 });
  const sourceId = await newSource(writer, tag);
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: {
      question: longQuestion(tag),
      summary: para("Partly. Bonuses rose, but not everywhere.", sourceId),
      sections: [{ heading: "What the regional budgets show", body: para("Regional budgets list the bonuses.", sourceId) }],
    },
  });
  const { id } = (await created.json()) as { id: string };
  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = reviewers.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await writer.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);

  await reviewer.goto(`/desk/fact-checks/${id}/review`);
  await expect(reviewer.getByRole("heading", { level: 1, name: longQuestion(tag) })).toBeVisible();
  await expectFitsTheWidth(reviewer);
  await expectReachable(reviewer.getByRole("heading", { name: "Sources" }));
  const approve = reviewer.getByRole("button", { name: "Approve" });
  await expectReachable(approve);
  await expectReachable(reviewer.getByRole("button", { name: "Request changes" }));
  await screenshot(reviewer, testInfo, "review page");
  await expectNoAxeViolations(reviewer);
  await approve.click();
  await expect(reviewer.getByRole("status").filter({ hasText: /^You approved (this revision|revision 1)\.$/ }).first()).toBeVisible();
  await expectFitsTheWidth(reviewer);
});

test("the refresh queue fits a phone's width, and checks can be ticked and scheduled there", async ({ as }, testInfo) => {
  test.setTimeout(60_000);
  const tag = unique();
  const writer = await as(DEMO.writer);
  const reviewer = await as(DEMO.reviewer);
  const editor = await as(DEMO.editor);
  await editor.setViewportSize({ width: 390, height: 844 });
  const id = await approvedCheck(writer, reviewer, { question: longQuestion(tag), summary: "Partly.", body: "Regional budgets list the bonuses." });
  expect((await editor.request.post(`/api/v1/fact-checks/${id}/publish`, { data: {} })).status()).toBe(201);
  const today = ((await (await editor.request.get("/api/v1/refresh-queue?limit=1")).json()) as { today: string }).today;
  const editors = (await (await editor.request.get("/api/v1/users?role=editor")).json()) as { data: { id: string; email: string }[] };
  const me = editors.data.find((u) => u.email === DEMO.editor)!.id;
  expect((await editor.request.put(`/api/v1/fact-checks/${id}/schedule`, { data: { nextRefreshAt: today, assigneeId: me } })).status()).toBe(200);

  await editor.goto(`/desk/refresh?assignee=${me}`);
  await expect(editor.getByRole("heading", { level: 1, name: "Refresh queue" })).toBeVisible();
  await expectFitsTheWidth(editor);
  const row = editor.getByRole("row").filter({ hasText: longQuestion(tag) });
  const tick = row.getByRole("checkbox", { name: `Select “${longQuestion(tag)}”` });
  await expectReachable(tick);
  await expectReachable(row.getByRole("link", { name: longQuestion(tag) }));
  await expectEveryCellReachable(row, 6);
  await expect(row.getByRole("cell").nth(4)).toHaveText("Eddie Editor");
  await expectReachable(editor.getByRole("button", { name: "Filter" }));
  await tick.check();
  await expectReachable(editor.getByRole("button", { name: "Schedule selected" }));
  await screenshot(editor, testInfo, "refresh queue");
  await expectNoAxeViolations(editor);
  await expectFitsTheWidth(editor);
});
