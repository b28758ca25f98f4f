/**
 * The review round trip with three people in three browser contexts: a writer
 * submits, a reviewer comments on a passage and requests changes, the writer
 * fixes and resubmits, the reviewer sees only the change and approves, and a
 * second reviewer (an editor) approves too.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { selectPassage } from "./fixtures";

const PASSWORD = "factdesk-demo";

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/desk/);
  return page;
}

const text = (value: string, sourceId?: string) => ({
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [{ type: "text", text: value }, ...(sourceId ? [{ type: "citation", attrs: { sourceId } }] : [])],
    },
  ],
});

/** A check ready for review, created through the API as its writer. */
async function createCheck(page: Page, tag: string) {
  const source = await page.request.post("/api/v1/sources", {
    data: { url: `https://example.org/housing/${tag}`, title: `City housing count ${tag}`, publisher: "City housing office" },
  });
  expect(source.status()).toBe(201);
  const sourceId = (await source.json()).id as string;
  const created = await page.request.post("/api/v1/fact-checks", {
    data: {
      question: `Did the city build a record 412 homes in 2024? (${tag})`,
      summary: text("Partly. The city counted 412 homes, but it was not a record.", sourceId),
      sections: [
        {
          heading: "What the count says",
          body: text("The city counted 412 new homes in 2024. The mayor said the figure was a record, but the 2019 count was higher.", sourceId),
        },
        { heading: "Where they were built", body: text("Most of the new homes were apartments near the river.", sourceId) },
      ],
    },
  });
  expect(created.status()).toBe(201);
  return (await created.json()) as { id: string; question: string };
}

async function submitTo(page: Page, reviewers: string[], note?: string) {
  await page.getByRole("button", { name: /^(Re)?[sS]ubmit for review$/ }).click();
  const dialog = page.getByRole("dialog", { name: "Submit for review" });
  await expect(dialog).toBeVisible();
  for (const name of reviewers) await dialog.getByRole("checkbox", { name: new RegExp(name) }).check();
  await expect(dialog.getByRole("checkbox", { name: /Wren Writer/ })).toHaveCount(0);
  if (note) await dialog.getByLabel("Note for the reviewers (optional)").fill(note);
  await dialog.getByRole("button", { name: `Submit to ${reviewers.length} reviewer${reviewers.length === 1 ? "" : "s"}` }).click();
  await expect(dialog).toBeHidden();
}

const status = (page: Page) => page.locator("p").filter({ has: page.locator(".badge") }).first();

test("review round trip: submit, passage comment, request changes, fix, resubmit, approve", async ({ browser }) => {
  test.setTimeout(90_000);
  const tag = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const writer = await signedIn(browser, "writer@factdesk.test");
  const reviewer = await signedIn(browser, "reviewer@factdesk.test");
  const editor = await signedIn(browser, "editor@factdesk.test");
  const check = await createCheck(writer, tag);
  const reviewUrl = `/desk/fact-checks/${check.id}/review`;

  // The writer sends it to two reviewers.
  await writer.goto(reviewUrl);
  await submitTo(writer, ["Rhea Reviewer", "Eddie Editor"], `Please check the record claim (${tag})`);
  await expect(status(writer)).toContainText("In review");
  // The editor is read-only while the check is in review; its writer may withdraw it to edit.
  await writer.goto(`/desk/fact-checks/${check.id}`);
  await expect(writer.getByRole("note").filter({ hasText: "This check is in review, so it cannot be edited now." })).toBeVisible();
  await expect(writer.getByRole("button", { name: "Withdraw from review to edit" })).toBeVisible();

  // The reviewer finds it on the desk and in the inbox.
  await reviewer.goto("/desk");
  await expect(reviewer.getByRole("link", { name: /Inbox, \d+ unread notification/ })).toBeVisible();
  const waiting = reviewer.getByRole("region", { name: "Waiting for you" });
  await waiting.getByRole("link", { name: check.question }).click();
  await expect(reviewer).toHaveURL(new RegExp(`${reviewUrl}$`));
  await expect(reviewer.getByRole("heading", { name: "First review: the whole draft" })).toBeVisible();
  await expect(reviewer.getByRole("heading", { level: 1, name: check.question })).toBeVisible();
  await expect(reviewer.getByRole("heading", { name: "Sources" })).toBeVisible();

  // A comment on a selected passage, then "Request changes".
  await selectPassage(reviewer, "the figure was a record");
  await reviewer.getByRole("button", { name: "Comment on selection" }).click();
  await expect(reviewer.getByText("On a passage in Section 1 · What the count says")).toBeVisible();
  await reviewer.getByLabel("Comment on this passage").fill("Which record? The 2019 count was higher.");
  await reviewer.getByRole("form", { name: "Comment on the selected passage" }).getByRole("button", { name: "Add comment" }).click();
  const thread = reviewer.getByRole("article", { name: "Comment by Rhea Reviewer" });
  await expect(thread).toContainText("Which record? The 2019 count was higher.");
  await expect(thread.locator("blockquote")).toHaveText("the figure was a record");
  await expect.poll(() => reviewer.evaluate(() => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get("review-comment")?.size ?? 0)).toBe(1);
  await expect(reviewer.getByRole("button", { name: "Approve" })).toBeDisabled();
  await reviewer.getByRole("button", { name: "Request changes" }).click();
  await reviewer.getByLabel("What needs to change?").fill("Drop “record” or source the comparison with 2019.");
  await reviewer.getByRole("button", { name: "Send back to writer" }).click();
  await expect(status(reviewer)).toContainText("Draft");

  // The writer is told, fixes the second section, and resubmits.
  await writer.goto("/inbox");
  await expect(writer.getByRole("link", { name: new RegExp(`Rhea Reviewer requested changes to .*${tag}`) })).toBeVisible();
  // The comments are beside the editor.
  await writer.goto(`/desk/fact-checks/${check.id}`);
  await expect(writer.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Which record?" })).toBeVisible();
  const current = await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  const fixed = structuredClone(current.sections);
  fixed[1].body.content[0].content[0].text = "Most of the new homes were apartments near the river, the office says.";
  const saved = await writer.request.patch(`/api/v1/fact-checks/${check.id}`, { data: { version: current.version, sections: fixed } });
  expect(saved.status()).toBe(200);
  await writer.goto(reviewUrl);
  // The decision note is read with the round: not a comment thread, nothing to resolve.
  await expect(writer.getByRole("region", { name: "Reviewers of revision 1" })).toContainText("Drop “record” or source the comparison with 2019.");
  await expect(writer.getByRole("article", { name: "Comment by Rhea Reviewer" }).filter({ hasText: "Drop “record”" })).toHaveCount(0);
  await expect(writer.getByText("1 open · 0 resolved")).toBeVisible();
  await submitTo(writer, ["Rhea Reviewer", "Eddie Editor"]);
  await expect(status(writer)).toContainText("In review");

  // The reviewer sees only what changed, resolves the comment and approves.
  await reviewer.goto(reviewUrl);
  const changes = reviewer.getByRole("region", { name: "Changes since your last review (revision 1)" });
  await expect(changes).toBeVisible();
  await expect(changes.getByRole("article")).toHaveCount(1);
  await expect(changes.getByRole("article")).toHaveAccessibleName("Section 2: changed");
  await expect(changes.getByRole("article").locator("ins")).toHaveText([", the office says"]);
  await expect(changes.getByRole("article").locator("del")).toHaveCount(0);
  await reviewer
    .getByRole("article", { name: "Comment by Rhea Reviewer" })
    .filter({ hasText: "Which record?" })
    .getByRole("button", { name: "Resolve" })
    .click();
  await expect(reviewer.getByRole("heading", { name: "Ready for approval" })).toBeVisible();
  await reviewer.getByRole("button", { name: "Approve" }).click();
  await expect(reviewer.getByText("You approved revision 2.")).toBeVisible();
  await expect(status(reviewer)).toContainText("In review");

  // The second reviewer approves; the check is approved.
  await editor.goto("/desk");
  await editor.getByRole("region", { name: "Waiting for you" }).getByRole("link", { name: check.question }).click();
  await expect(editor.getByRole("heading", { name: "First review: the whole draft" })).toBeVisible();
  await editor.getByRole("button", { name: "Approve" }).click();
  await expect(status(editor)).toContainText("Approved");

  const final = await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  expect(final.status).toBe("approved");
  await writer.goto(reviewUrl);
  const activity = writer.getByRole("region", { name: "Activity" });
  await expect(activity.getByRole("listitem")).toHaveText([
    /Wren Writer submitted revision 1 for review to 2 reviewers/,
    /Rhea Reviewer commented on “the figure was a record”/,
    /Rhea Reviewer requested changes to revision 1/,
    /Wren Writer started an edit session/,
    /Wren Writer submitted revision 2/,
    /Rhea Reviewer resolved a comment/,
    /Rhea Reviewer approved revision 2 \(waiting for 1 more\)/,
    /Eddie Editor approved revision 2; every reviewer has approved/,
  ]);
});

test("the API refuses illegal steps with clear errors", async ({ browser }) => {
  const tag = `${Date.now().toString(36)}-api`;
  const writer = await signedIn(browser, "writer@factdesk.test");
  const check = await createCheck(writer, tag);
  const users = await (await writer.request.get("/api/v1/users?role=reviewer")).json();
  const me = users.data.find((u: { email: string }) => u.email === "writer@factdesk.test");
  const reviewer = users.data.find((u: { email: string }) => u.email === "reviewer@factdesk.test");
  expect(me).toBeUndefined(); // writers are not reviewers

  const self = await writer.request.post(`/api/v1/fact-checks/${check.id}/reviews`, { data: { decision: "approve" } });
  expect(self.status()).toBe(403);
  expect((await self.json()).error.message).toBe("You cannot review your own fact-check");

  const bad = await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [] } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.fields.reviewerIds).toBe("Choose at least one reviewer");

  const ok = await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [reviewer.id] } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).status).toBe("in_review");
  const again = await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [reviewer.id] } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.message).toBe("This check is already in review");

  const comment = await writer.request.post(`/api/v1/fact-checks/${check.id}/comments`, {
    data: { body: "Note to reviewer", sectionId: "summary", quote: "412 homes" },
  });
  expect(comment.status()).toBe(201);
  const created = await comment.json();
  expect(created.anchor.text).toBe("412 homes");
  const resolved = await writer.request.patch(`/api/v1/fact-checks/${check.id}/comments/${created.id}`, { data: { resolved: true } });
  expect((await resolved.json()).resolved).toBe(true);
  const list = await (await writer.request.get(`/api/v1/fact-checks/${check.id}/comments`)).json();
  expect(list.data.map((c: { body: string }) => c.body)).toEqual(["Note to reviewer"]);
  const fetched = await (await writer.request.get(`/api/v1/fact-checks/${check.id}`)).json();
  expect(fetched.status).toBe("in_review");
});
