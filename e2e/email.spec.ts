/**
 * Email as people get it: the app sends to a real SMTP server on loopback
 * (playwright.config.ts points SMTP_URL at it), and the tests read what
 * arrives. A reviewer gets one message when a check is sent to them, and its
 * link opens the check after signing in; its unsubscribe link stops that kind
 * of email, and the account page chooses again. Admins see the queue.
 */
import crypto from "node:crypto";
import { startTestSmtp, type ReceivedMail, type TestSmtp } from "../test/smtp";
import { DEMO, expect, test } from "./fixtures";

const SMTP_PORT = Number(process.env.FACTDESK_E2E_SMTP_PORT || 2525);

let smtp: TestSmtp;
test.beforeAll(async () => {
  smtp = await startTestSmtp({ port: SMTP_PORT });
});
test.afterAll(async () => {
  await smtp?.close();
});

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

const messagesAbout = (to: string, question: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(to) && m.subject.includes(question));

test("a reviewer gets one email when a check is sent to them; its link opens the check after sign-in; unsubscribing stops that kind", async ({ as, browser }) => {
  const writer = await as(DEMO.writer);
  const question = `Did the ferry carry 2 million passengers in 2025? (${crypto.randomBytes(4).toString("hex")})`;
  const created = await writer.request.post("/api/v1/fact-checks", { data: { question, summary: doc("Nearly: 1.96 million."), sections: [{ heading: "Counts", body: doc("The operator counted 1.96 million.") }] } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = reviewers.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await writer.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);

  await expect.poll(() => messagesAbout(DEMO.reviewer, question).length, { timeout: 15_000 }).toBe(1);
  // Once the admins' outbox shows it sent, nothing more comes.
  const admin = await as(DEMO.admin);
  await admin.goto("/admin/outbox");
  await expect(admin.getByText(`Review requested: ${question}`)).toBeVisible();
  await expect(admin.getByRole("listitem").filter({ hasText: `Review requested: ${question}` })).toContainText("Sent");
  expect(messagesAbout(DEMO.reviewer, question)).toHaveLength(1);
  const [mail] = messagesAbout(DEMO.reviewer, question);
  expect(mail!.subject).toBe(`Review requested: ${question}`);

  // The link, opened signed out, asks for sign-in and then opens the check's review.
  const link = /Open it: (\S+)/.exec(mail!.text)![1]!;
  expect(link).toMatch(new RegExp(`/desk/fact-checks/${id}/review$`));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(link);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Email").fill(DEMO.reviewer);
    await page.getByLabel("Password").fill("factdesk-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/desk/fact-checks/${id}/review$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(question);

    // The email's "Stop these emails" link asks first, then stops review requests.
    const stop = /Stop these emails: (\S+)/.exec(mail!.text)![1]!;
    await page.goto(stop);
    await expect(page.getByText("Stop emails for “A check is sent to me for review”?")).toBeVisible();
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(page.getByRole("status")).toHaveText("Unsubscribed: you will no longer get emails for “A check is sent to me for review”.");

    await page.goto("/desk/account");
    const choice = page.getByLabel("A check is sent to me for review");
    await expect(choice).toHaveValue("never");
    // Choosing again on the account page.
    await choice.selectOption({ label: "At once" });
    await page.getByRole("button", { name: "Save email choices" }).click();
    await expect(page.getByRole("status")).toHaveText("Your email choices are saved.");
    await page.reload();
    await expect(page.getByLabel("A check is sent to me for review")).toHaveValue("immediate");
  } finally {
    await context.close();
  }
});

test("admins reach users, settings, jobs and the outbox through one Admin link and its tabs; others see only what they may", async ({ as }) => {
  const admin = await as(DEMO.admin);
  // At 1280 px an admin's seven links fit on one line (an editor's too, below).
  const menuLines = async (page: typeof admin) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    return page
      .getByRole("navigation", { name: "Newsroom" })
      .getByRole("link")
      .evaluateAll((links) => new Set(links.map((link) => Math.round(link.getBoundingClientRect().top))).size);
  };
  expect(await menuLines(admin)).toBe(1);
  await admin.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin).toHaveURL(/\/admin\/users$/);
  await expect(admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Jobs" }).click();
  await expect(admin).toHaveURL(/\/admin\/jobs$/);
  await expect(admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Jobs" })).toHaveAttribute("aria-current", "page");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Jobs");
  await expect(admin.getByRole("heading", { name: /^Failed \(\d+\)$/ })).toBeVisible();
  await expect(admin.getByRole("heading", { name: /^Waiting \(\d+\)$/ })).toBeVisible();

  const editor = await as(DEMO.editor);
  expect(await menuLines(editor)).toBe(1);
  // An editor's one administration page is Settings: linked as such, with no tabs and no Jobs anywhere.
  await expect(editor.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Settings" })).toHaveAttribute("href", "/admin/settings");
  await expect(editor.getByRole("link", { name: "Jobs" })).toHaveCount(0);
  await editor.goto("/admin/settings");
  await expect(editor.getByRole("navigation", { name: "Administration" })).toHaveCount(0);
  const answer = await editor.goto("/admin/jobs");
  expect(answer?.status()).toBe(404);
});

test("an unsubscribe link that is not ours is refused", async ({ page }) => {
  await page.goto("/unsubscribe?token=bm90.b3Vycw");
  await expect(page.getByRole("alert").filter({ hasText: "This unsubscribe link is not valid" })).toBeVisible();
  const answer = await page.request.post("/api/unsubscribe?token=bm90.b3Vycw", { form: { "List-Unsubscribe": "One-Click" } });
  expect(answer.status()).toBe(400);
});

