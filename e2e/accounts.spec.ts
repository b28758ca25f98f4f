/**
 * Accounts in the browser, with email read from the SMTP server the test runs
 * on loopback (playwright.config.ts points SMTP_URL at it): "Forgot password?"
 * from the sign-in page to a new password, and changing one's password on the
 * account page. A person added for the test, so the demo accounts keep theirs.
 */
import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { startTestSmtp, type TestSmtp } from "../test/smtp";
import { DEMO, expect, test } from "./fixtures";

const SMTP_PORT = Number(process.env.FACTDESK_E2E_SMTP_PORT || 2525);

let smtp: TestSmtp;
test.beforeAll(async () => {
  smtp = await startTestSmtp({ port: SMTP_PORT });
});
test.afterAll(async () => {
  await smtp?.close();
});

async function addPerson(admin: Page, password: string) {
  const email = `pat-${crypto.randomBytes(4).toString("hex")}@factdesk.test`;
  await admin.goto("/admin/users");
  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Add a user" }) });
  await form.getByLabel("Name").fill("Pat Reader");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill(password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText(`Pat Reader can now sign in as ${email}.`)).toBeVisible();
  return email;
}

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("forgot password: the emailed link sets a new password once", async ({ as, page }) => {
  const email = await addPerson(await as(DEMO.admin), "the first long password");

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  const answer = "If an account uses this address, we have emailed it a link to choose a new password. The link works once, for 30 minutes.";
  await expect(page.getByRole("status")).toHaveText(answer);
  // An address with no account gets the same answer.
  await page.reload();
  await page.getByLabel("Email").fill("nobody-at-all@factdesk.test");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(answer);

  await expect.poll(() => smtp.received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
  const link = /(http\S+\/reset-password\?token=\S+)/.exec(smtp.received.find((m) => m.to.includes(email))!.text)![1]!;
  await page.goto(link);
  await page.getByLabel("New password").fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This password is too common: choose another")).toBeVisible();
  await page.getByLabel("New password").fill("a harbour full of boats");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toHaveText("Your password is changed. Sign in with it.");

  await signInAs(page, email, "a harbour full of boats");
  await expect(page).toHaveURL(/\/desk/);
  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "This link is not valid any more" })).toBeVisible();
});

test("changing one's password needs the current one and signs out other sessions", async ({ as, browser }) => {
  const email = await addPerson(await as(DEMO.admin), "the first long password");
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [here, elsewhere] = await Promise.all(contexts.map((c) => c.newPage()));
    for (const page of [here!, elsewhere!]) {
      await signInAs(page, email, "the first long password");
      await expect(page).toHaveURL(/\/desk/);
    }
    await here!.goto("/desk/account");
    await here!.getByLabel("Current password").fill("not the password at all");
    await here!.getByLabel("New password").fill("a new long passphrase");
    await here!.getByRole("button", { name: "Change password" }).click();
    await expect(here!.getByText("This is not your current password")).toBeVisible();
    await here!.getByLabel("Current password").fill("the first long password");
    await here!.getByLabel("New password").fill("a new long passphrase");
    await here!.getByRole("button", { name: "Change password" }).click();
    await expect(here!.getByRole("status")).toHaveText("Your password is changed. Your other sessions are signed out.");

    // This session goes on; the other one is signed out.
    await here!.goto("/desk/account");
    await expect(here!.getByRole("heading", { name: "Your account" })).toBeVisible();
    await elsewhere!.goto("/desk/account");
    await expect(elsewhere!).toHaveURL(/\/login/);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test("an admin invites someone by email; the link lets them choose a password and join with the role", async ({ as, page }) => {
  const admin = await as(DEMO.admin);
  const email = `ivo-${crypto.randomBytes(4).toString("hex")}@factdesk.test`;
  await admin.goto("/admin/users");
  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Invite someone" }) });
  await form.getByLabel("Name").fill("Ivo Invited");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("reviewer");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Ivo Invited is invited: the email to ${email} is on its way.`);
  const row = admin.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText("Reviewer");

  await expect.poll(() => smtp.received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
  const link = /(http\S+\/invitation\?token=\S+)/.exec(smtp.received.find((m) => m.to.includes(email))!.text)![1]!;
  await page.goto(link);
  await expect(page.getByText(`You will sign in as ${email}.`)).toBeVisible();
  await page.getByLabel("New password").fill("a quiet morning walk");
  await page.getByRole("button", { name: "Join" }).click();
  await expect(page.getByRole("status")).toHaveText(`Welcome! Sign in as ${email} with your new password.`);
  await signInAs(page, email, "a quiet morning walk");
  await expect(page).toHaveURL(/\/desk/);
  await expect(page.getByRole("banner")).toContainText("Reviewer");

  // No longer waiting on the users page.
  await admin.reload();
  await expect(admin.getByRole("row").filter({ hasText: email })).toContainText("Ivo Invited");
  await expect(admin.getByRole("button", { name: `Revoke the invitation to ${email}` })).toHaveCount(0);
});
