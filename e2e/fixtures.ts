/**
 * Shared end-to-end scaffolding: the demo accounts, a sign-in page object, and
 * fixtures for tests that need one or several signed-in people.
 *
 *   import { test, expect, DEMO } from "./fixtures";
 *   test("…", async ({ page, signIn }) => { await signIn(page, DEMO.writer); … });
 *   test("…", async ({ as }) => { const writer = await as(DEMO.writer); const editor = await as(DEMO.editor); … });
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_USERS } from "../db/demo-data";

export { expect };
export { DEMO_PASSWORD };

/** Demo accounts by role (db/demo-data.ts); every one signs in with DEMO_PASSWORD. */
export const DEMO = {
  writer: "writer@factdesk.test",
  writer2: "writer2@factdesk.test",
  reviewer: "reviewer@factdesk.test",
  editor: "editor@factdesk.test",
  admin: "admin@factdesk.test",
} as const;

for (const email of Object.values(DEMO)) {
  if (!DEMO_USERS.some((u) => u.email === email)) throw new Error(`e2e/fixtures.ts: ${email} is not a demo user any more`);
}

/** The sign-in page, addressed by its labels and roles. */
export class LoginPage {
  constructor(readonly page: Page) {}

  email = () => this.page.getByLabel("Email");
  password = () => this.page.getByLabel("Password");
  submit = () => this.page.getByRole("button", { name: "Sign in" });

  async goto(callbackUrl?: string) {
    await this.page.goto(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    await this.email().fill(email);
    await this.password().fill(password);
    await this.submit().click();
  }
}

/** Signs `email` in on `page` and waits until the desk (or the callback page) has loaded. */
export async function signIn(page: Page, email: string, { password = DEMO_PASSWORD, landOn = /\/desk/ } = {}) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).toHaveURL(landOn);
}

/** A page in a browser context of its own (own cookies), signed in as `email`. */
export async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

type Fixtures = {
  /** `signIn(page, email)` — see above. */
  signIn: typeof signIn;
  loginPage: LoginPage;
  /**
   * `await as(email)` gives a page signed in as that person in a fresh browser
   * context, so several people can act in one test. Contexts close after the test.
   */
  as: (email: string) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  signIn: async ({}, use) => {
    await use(signIn);
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  as: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email) => {
      const page = await signedInPage(browser, email);
      contexts.push(page.context());
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
