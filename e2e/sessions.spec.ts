/**
 * Sessions as a browser and a cookie thief see them: a copy of the session
 * cookie stops working when its owner signs out or is disabled, reading the
 * session endpoint never revives it, and the sign-in page only ever sends
 * people to a page of this site.
 */
import type { APIRequest, Browser, Cookie, Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, expect, LoginPage, signIn, test } from "./fixtures";

/** A request context holding only `cookies`: what someone who copied them can send. */
const holding = (request: APIRequest, baseURL: string | undefined, cookies: Cookie[]) =>
  request.newContext({ baseURL, storageState: { cookies, origins: [] } });

/** Whether a response sets a session cookie with a value (a re-issue, not a deletion). */
const setsSession = (headers: { name: string; value: string }[]) =>
  headers.some(({ name, value }) => name.toLowerCase() === "set-cookie" && /authjs\.session-token=[^;]/.test(value));

/** A page in its own browser context with these cookies. */
async function browserHolding(browser: Browser, cookies: Cookie[]): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies, origins: [] } });
  return context.newPage();
}

test("a copy of the session cookie taken before signing out gets 401 and the sign-in page afterwards", async ({ page, browser, playwright, baseURL }) => {
  await signIn(page, DEMO.writer);
  const copied = await page.context().cookies();
  const thief = await holding(playwright.request, baseURL, copied);
  expect((await thief.get("/api/v1/fact-checks")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  const api = await thief.get("/api/v1/fact-checks");
  expect(api.status()).toBe(401);
  const session = await thief.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  expect(setsSession(session.headersArray())).toBe(false);

  const other = await browserHolding(browser, copied);
  await other.goto("/desk");
  await expect(other).toHaveURL(/\/login/);
  await expect(other.getByRole("heading", { name: "Sign in to the newsroom" })).toBeVisible();
  await other.context().close();
  await thief.dispose();
});

test("a disabled user's copied cookie is not re-issued, and stays dead once they are enabled again", async ({ as, browser, playwright, baseURL }) => {
  const admin = await as(DEMO.admin);
  const name = `Sam Session ${Date.now()}`;
  const email = `sam.${Date.now()}@factdesk.test`;
  await admin.goto("/admin/users");
  const form = admin.locator("form", { has: admin.getByRole("heading", { name: "Add a user" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("writer");
  await form.getByLabel("Initial password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText(`${name} can now sign in as ${email}.`)).toBeVisible();

  const sam = await (await browser.newContext()).newPage();
  await signIn(sam, email);
  const thief = await holding(playwright.request, baseURL, await sam.context().cookies());

  await admin.getByRole("button", { name: `Disable ${name}` }).click();
  await expect(admin.getByText(`${name} is disabled and signed out.`)).toBeVisible();
  const whileDisabled = await thief.get("/api/auth/session");
  expect(whileDisabled.status()).toBe(200);
  expect(await whileDisabled.json()).toBeNull();
  expect(setsSession(whileDisabled.headersArray())).toBe(false);

  await admin.getByRole("button", { name: `Enable ${name}` }).click();
  await expect(admin.getByRole("button", { name: `Disable ${name}` })).toBeVisible();
  for (const holder of [thief, sam.request]) {
    expect((await holder.get("/api/v1/fact-checks")).status()).toBe(401);
    expect(await (await holder.get("/api/auth/session")).json()).toBeNull();
  }
  await sam.goto("/desk");
  await expect(sam).toHaveURL(/\/login/);
  // Signing in again works.
  await new LoginPage(sam).signIn(email);
  await expect(sam).toHaveURL(/\/desk$/);
  await sam.context().close();
  await thief.dispose();
});

test.describe("the sign-in page sends people only to pages of this site", () => {
  // The foreign site is another loopback address, on a port browsers refuse: a test that fails reaches nothing.
  const FOREIGN = [
    "%2F%09%2F127.0.0.2:9",
    "%2F%09%5C127.0.0.2:9",
    "%2F%0D%0A%2F127.0.0.2:9",
    "%2F%00%2F127.0.0.2:9",
    "%2F%5C127.0.0.2:9",
    "%5C%5C127.0.0.2:9",
    "%2F%2F127.0.0.2:9",
    "%2F%2F%2F127.0.0.2:9",
    "%2F.%2F%2F127.0.0.2:9",
    "%20%2F%2F127.0.0.2:9",
    "http%3A%2F%2F127.0.0.2:9",
    "javascript%3Aalert(1)",
  ];

  test("a signed-in visitor opening the sign-in page with a foreign callback lands on the desk", async ({ page, baseURL }) => {
    await signIn(page, DEMO.writer);
    for (const callback of FOREIGN) {
      const response = await page.request.get(`/login?callbackUrl=${callback}`, { maxRedirects: 0 });
      if (callback.includes("%00")) {
        // No address of the app holds a NUL: the request boundary refuses it before the page is asked (400, no Location).
        expect([response.status(), response.headers().location], callback).toEqual([400, undefined]);
        continue;
      }
      expect([response.status(), new URL(response.headers().location ?? "", baseURL).href], callback).toEqual([307, `${baseURL}/desk`]);
    }
    // As a browser follows it, with a tab (which browsers drop) and with a path of this site.
    await page.goto(`/login?callbackUrl=${FOREIGN[0]}`);
    await expect(page).toHaveURL(`${baseURL}/desk`);
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/sources?status=dead")}`);
    await expect(page).toHaveURL(`${baseURL}/sources?status=dead`);
  });

  test("signing in with a foreign callback lands on the desk", async ({ page, baseURL }) => {
    await page.goto(`/login?callbackUrl=${FOREIGN[0]}`);
    await new LoginPage(page).signIn(DEMO.writer);
    await expect(page).toHaveURL(`${baseURL}/desk`);
  });
});
