/**
 * Opening a check answers its inbox items once the page is shown: rendering the
 * page writes nothing (a crawler, a prefetch or a script reading its HTML leaves
 * them unread), the page in a browser marks them read and the bell follows.
 * "Mark as read" in the inbox updates the list and the bell at once.
 */
import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";

const bellCount = async (page: Page) => {
  const label = await page.getByRole("link", { name: /^Inbox, / }).getAttribute("aria-label");
  const match = label?.match(/^Inbox, (\d+) unread/);
  return match ? Number(match[1]) : 0;
};

const unreadItem = (page: Page, message: string) => page.getByRole("listitem").filter({ hasText: "Unread:" }).filter({ hasText: message });

test("a check's inbox items turn read when its editor or review page is shown, not when it is rendered", async ({ as }) => {
  const tag = crypto.randomBytes(3).toString("hex");
  const writer = await as(DEMO.writer);
  const cowriter = await as(DEMO.writer2);

  const created = await writer.request.post("/api/v1/fact-checks", { data: { question: `Do trams run at night? (${tag})` } });
  expect(created.status()).toBe(201);
  const check = (await created.json()) as { id: string; question: string };
  const staff = (await (await writer.request.get("/api/v1/users?role=writer")).json()).data as { id: string; email: string }[];
  const cowriterId = staff.find((person) => person.email === DEMO.writer2)!.id;
  const shared = await writer.request.post(`/api/v1/fact-checks/${check.id}/collaborators`, { data: { userId: cowriterId } });
  expect(shared.status()).toBe(201);
  const message = `added you as a co-writer on “${check.question}”`;

  // The editor's HTML, fetched without running the page: the item stays unread.
  const html = await cowriter.request.get(`/desk/fact-checks/${check.id}`);
  expect(html.status()).toBe(200);
  expect(await html.text()).toContain(check.question);
  await cowriter.goto("/inbox");
  await expect(unreadItem(cowriter, message)).toBeVisible();
  const before = await bellCount(cowriter);
  expect(before).toBeGreaterThan(0);

  // Shown in the browser, the editor answers it, and the bell counts one fewer.
  await cowriter.goto(`/desk/fact-checks/${check.id}`);
  // By role: while the engine takes over, the first view (hidden) and the field are both in the page for a task.
  await expect(cowriter.getByRole("textbox", { name: "Question" })).toHaveText(check.question);
  await expect.poll(() => bellCount(cowriter)).toBe(before - 1);
  await cowriter.goto("/inbox");
  await expect(cowriter.getByRole("listitem").filter({ hasText: message })).toBeVisible();
  await expect(unreadItem(cowriter, message)).toHaveCount(0);

  // The review page too: a review request, answered when the reviewer is shown the check's review page.
  const reviewer = await as(DEMO.reviewer);
  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()).data as { id: string; email: string }[];
  const reviewerId = reviewers.find((person) => person.email === DEMO.reviewer)!.id;
  const submitted = await writer.request.post(`/api/v1/fact-checks/${check.id}/submit`, { data: { reviewerIds: [reviewerId] } });
  expect(submitted.status()).toBe(200);
  const request = `asks you to review “${check.question}”`;
  expect((await reviewer.request.get(`/desk/fact-checks/${check.id}/review`)).status()).toBe(200);
  await reviewer.goto("/inbox");
  await expect(unreadItem(reviewer, request)).toBeVisible();
  const waiting = await bellCount(reviewer);
  await reviewer.goto(`/desk/fact-checks/${check.id}/review`);
  await expect(reviewer.getByRole("heading", { level: 1, name: check.question })).toBeVisible();
  await expect.poll(() => bellCount(reviewer)).toBe(waiting - 1);
  await reviewer.goto("/inbox");
  await expect(reviewer.getByRole("listitem").filter({ hasText: request })).toBeVisible();
  await expect(unreadItem(reviewer, request)).toHaveCount(0);

  // "Mark as read" in the inbox: the item and the bell follow at once.
  const removed = await writer.request.delete(`/api/v1/fact-checks/${check.id}/collaborators/${cowriterId}`);
  expect(removed.status()).toBe(204);
  const removal = `removed you as a co-writer of “${check.question}”`;
  await cowriter.goto("/inbox");
  const unread = await bellCount(cowriter);
  await unreadItem(cowriter, removal).getByRole("button", { name: "Mark as read" }).click();
  await expect(unreadItem(cowriter, removal)).toHaveCount(0);
  await expect(cowriter.getByRole("listitem").filter({ hasText: removal })).toBeVisible();
  await expect.poll(() => bellCount(cowriter)).toBe(unread - 1);
});
