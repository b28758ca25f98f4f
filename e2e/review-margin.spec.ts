/**
 * The review page as a reviewer works in it: comments in the margin beside
 * their passage (scrolling with it), a passage commented on with the keyboard
 * alone, citations in the changes view as readers see them, a decision note
 * that is not a thread, and who may resolve a reviewer's comment.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectHydrated, holdScripts, passageTop, selectPassage, signedInPage } from "./fixtures";

const SHOTS = process.env.FACTDESK_E2E_SHOTS;

const para = (value: string, ...sourceIds: string[]) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text: value }, ...sourceIds.map((sourceId) => ({ type: "citation", attrs: { sourceId } }))] }],
});

const LONG = "The housing office counts a home when it gets its certificate of occupancy, not when building starts. ".repeat(6).trim();

async function source(page: Page, tag: string, title: string) {
  const created = await page.request.post("/api/v1/sources", { data: { url: `https://example.org/${tag}/${title.length}`, title, publisher: "City housing office" } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

/** A check with a long middle section (so the last one sits far down), sent to the given reviewers. */
async function checkInReview(writer: Page, tag: string, reviewerEmails: string[]) {
  const s1 = await source(writer, tag, `City housing count ${tag}`);
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: {
      question: `Did the city build a record 412 homes in 2024? (${tag})`,
      summary: para("Partly. The city counted 412 homes, but it was not a record.", s1),
      sections: [
        { heading: "What the count says", body: para(`${LONG} The mayor said the figure was a record.`, s1) },
        { heading: "Where they were built", body: para("Most of the new homes were apartments near the river.", s1) },
      ],
    },
  });
  expect(created.status()).toBe(201);
  const check = (await created.json()) as { id: string; question: string };
  const people = (await (await writer.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const reviewerIds = reviewerEmails.map((email) => people.data.find((u) => u.email === email)!.id);
  expect((await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds } })).status()).toBe(200);
  return { ...check, s1 };
}

test("a reviewer comments on a passage with the keyboard alone, and each comment sits beside its passage, scrolling with it", async ({ browser }) => {
  test.setTimeout(60_000);
  const tag = `margin-${Date.now().toString(36)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const check = await checkInReview(writer, tag, [DEMO.reviewer]);
  await reviewer.goto(`/desk/fact-checks/${check.id}/review`);

  // Keyboard only: from the comment box above the article, Tab into the article, Shift+arrows, then the shortcut.
  await reviewer.getByLabel("Comment", { exact: true }).focus();
  await reviewer.keyboard.press("Tab");
  const article = reviewer.getByRole("region", { name: "The draft, as readers will see it" });
  await expect(article).toBeFocused();
  for (let i = 0; i < "Partly".length; i++) await reviewer.keyboard.press("Shift+ArrowRight");
  await reviewer.keyboard.press("Control+Alt+KeyM");
  const composer = reviewer.getByRole("form", { name: "Comment on the selected passage" });
  await expect(composer.getByText("On a passage in Executive summary")).toBeVisible();
  await expect(composer.locator("blockquote")).toHaveText("Partly");
  await expect(composer.getByLabel("Comment on this passage")).toBeFocused();
  await reviewer.keyboard.type("Say which part is true.");
  await reviewer.keyboard.press("Tab");
  await expect(composer.getByRole("button", { name: "Add comment" })).toBeFocused();
  await reviewer.keyboard.press("Enter");
  const first = reviewer.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Say which part is true." });
  await expect(first.locator("blockquote")).toHaveText("Partly");
  // The shortcut with nothing selected says what to do.
  await reviewer.keyboard.press("Control+Alt+KeyM");
  await expect(reviewer.getByRole("status").filter({ hasText: "Select a passage within one part of the article first" })).toBeVisible();

  // A passage far down the page: its comment sits level with it, in the margin to the right of the article.
  await selectPassage(reviewer, "apartments near the river");
  await reviewer.getByRole("button", { name: "Comment on selection" }).click();
  await reviewer.getByLabel("Comment on this passage").fill("Which river district?");
  await reviewer.getByRole("button", { name: "Add comment" }).last().click();
  const second = reviewer.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Which river district?" });
  await expect(second).toBeVisible();
  await second.scrollIntoViewIfNeeded();
  const beside = async () => {
    const thread = (await second.boundingBox())!;
    const frame = (await article.boundingBox())!;
    return { offset: thread.y - (await passageTop(reviewer, "apartments near the river")), right: thread.x >= frame.x + frame.width };
  };
  await expect.poll(async () => Math.abs((await beside()).offset)).toBeLessThan(24);
  expect((await beside()).right).toBe(true);
  // The first comment stays by the summary, far above.
  const firstBox = (await first.boundingBox())!;
  expect((await second.boundingBox())!.y - firstBox.y).toBeGreaterThan(200);

  // Scrolling moves both together.
  const before = await beside();
  await reviewer.mouse.wheel(0, 250);
  await expect.poll(() => reviewer.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  expect(Math.abs((await beside()).offset - before.offset)).toBeLessThan(2);

  if (SHOTS) {
    await reviewer.screenshot({ path: `${SHOTS}/review-desktop.png`, fullPage: true });
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await reviewer.reload();
    await expect(second).toBeVisible();
    await reviewer.screenshot({ path: `${SHOTS}/review-390.png`, fullPage: true });
  }
});

test("the changes view shows citations as [n] with the title on hover; a decision note is no thread; only its author or a writer resolves a reviewer's comment", async ({ browser }) => {
  test.setTimeout(90_000);
  const tag = `notes-${Date.now().toString(36)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const admin = await signedInPage(browser, DEMO.admin);

  // A second reviewer, added by the admin.
  const email = `second-reviewer-${tag}@factdesk.test`;
  await admin.goto("/admin/users");
  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Add a user" }) });
  await form.getByLabel("Name").fill(`Sam Second ${tag}`);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await form.getByLabel("Initial password").fill("second-reviewer-pass");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByRole("status").filter({ hasText: `can now sign in as ${email}` })).toBeVisible();
  const second = await (await browser.newContext()).newPage();
  await second.goto("/login");
  await second.getByLabel("Email").fill(email);
  await second.getByLabel("Password").fill("second-reviewer-pass");
  await second.getByRole("button", { name: "Sign in" }).click();
  await expect(second).toHaveURL(/\/desk/);

  const check = await checkInReview(writer, tag, [DEMO.reviewer, email]);
  const reviewUrl = `/desk/fact-checks/${check.id}/review`;

  // Rhea comments; she may resolve it, the other reviewer may not (no button, and the server says 403).
  await reviewer.goto(reviewUrl);
  await reviewer.getByLabel("Comment", { exact: true }).fill("Is 412 the final count?");
  await reviewer.getByRole("button", { name: "Add comment" }).first().click();
  const comment = (page: Page) => page.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Is 412 the final count?" });
  await expect(comment(reviewer).getByRole("button", { name: "Resolve" })).toBeVisible();
  await second.goto(reviewUrl);
  await expect(comment(second)).toBeVisible();
  await expect(comment(second).getByRole("button", { name: "Reply" })).toBeVisible();
  await expect(comment(second).getByRole("button", { name: "Resolve" })).toHaveCount(0);
  const threads = (await (await second.request.get(`/api/v1/fact-checks/${check.id}/comments`)).json()) as { data: { id: string; body: string }[] };
  const commentId = threads.data.find((c) => c.body === "Is 412 the final count?")!.id;
  const refused = await second.request.patch(`/api/v1/fact-checks/${check.id}/comments/${commentId}`, { data: { resolved: true } });
  expect(refused.status()).toBe(403);
  // Her own comment blocks approval until she resolves it herself.
  await expect(reviewer.getByRole("button", { name: "Approve" })).toBeDisabled();
  await comment(reviewer).getByRole("button", { name: "Resolve" }).click();
  await expect(reviewer.getByText("0 open · 1 resolved")).toBeVisible();
  await expect(reviewer.getByRole("button", { name: "Approve" })).toBeEnabled();

  // She sends it back with a note: the note is read with the round, not as a thread.
  await reviewer.getByRole("button", { name: "Request changes" }).click();
  await reviewer.getByLabel("What needs to change?").fill("Cite the 2019 count as well.");
  await reviewer.getByRole("button", { name: "Send back to writer" }).click();
  await writer.goto(reviewUrl);
  await expect(writer.getByRole("region", { name: "Reviewers of revision 1" })).toContainText("Cite the 2019 count as well.");
  await expect(writer.getByRole("article").filter({ hasText: "Cite the 2019 count as well." })).toHaveCount(0);
  await expect(writer.getByText("0 open · 1 resolved")).toBeVisible();

  // The writer adds a second source to the last section and resubmits, resolving nothing.
  const s2 = await source(writer, tag, `Housing counts since 2015 ${tag}`);
  const current = await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  const sections = structuredClone(current.sections);
  sections[1].body = para("Most of the new homes were apartments near the river.", check.s1, s2);
  expect((await writer.request.patch(`/api/v1/fact-checks/${check.id}`, { data: { version: current.version, sections } })).status()).toBe(200);
  const people = (await (await writer.request.get("/api/v1/users")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = people.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);

  // The changes view: citations as [n], the title on hover; never the title in brackets.
  await reviewer.goto(reviewUrl);
  const changes = reviewer.getByRole("region", { name: "Changes since your last review (revision 1)" });
  await expect(changes.getByRole("article")).toHaveAccessibleName("Section 2: changed");
  const added = changes.locator("ins").getByRole("link", { name: "Source 2" });
  await expect(added).toHaveText("[2]");
  await expect(added).toHaveAttribute("title", `Housing counts since 2015 ${tag}, City housing office`);
  await expect(changes.getByRole("link", { name: "Source 1" })).toHaveText("[1]");
  await expect(changes).not.toContainText(`[City housing count ${tag}]`);
  // The decision note does not block: approval goes through.
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByText("You approved revision 2.")).toBeVisible();
});

test("a comment typed before the review page's scripts ran is still there once they have, and is sent", async ({ browser }) => {
  const tag = `early-${Date.now().toString(36)}`;
  const writer = await signedInPage(browser, DEMO.writer);
  const reviewer = await signedInPage(browser, DEMO.reviewer);
  const check = await checkInReview(writer, tag, [DEMO.reviewer]);
  // The page as the server draws it, its scripts held back: a slow connection.
  const letThrough = await holdScripts(reviewer);
  await reviewer.goto(`/desk/fact-checks/${check.id}/review`, { waitUntil: "domcontentloaded" });
  const box = reviewer.getByLabel("Comment", { exact: true });
  await box.fill(`Where does 412 come from? ${tag}`);

  letThrough();
  // React has hydrated the box, and what was typed is still in it…
  await expectHydrated(box);
  await expect(box).toHaveValue(`Where does 412 come from? ${tag}`);
  // …and it is what the comment says.
  await reviewer.getByRole("button", { name: "Add comment" }).first().click();
  await expect(reviewer.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: `Where does 412 come from? ${tag}` })).toBeVisible();
  await expect(box).toHaveValue("");
});
