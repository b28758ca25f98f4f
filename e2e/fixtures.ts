/**
 * Shared end-to-end scaffolding: the demo accounts, a sign-in page object, and
 * fixtures for tests that need one or several signed-in people.
 *
 *   import { test, expect, DEMO } from "./fixtures";
 *   test("…", async ({ page, signIn }) => { await signIn(page, DEMO.writer); … });
 *   test("…", async ({ as }) => { const writer = await as(DEMO.writer); const editor = await as(DEMO.editor); … });
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
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

/** The editing engine's files, as the build under test lists them for the editor's page to preload (lib/engine-chunks.mjs). */
export function engineChunks(): string[] {
  const list = path.join(__dirname, "..", process.env.FACTDESK_DIST_DIR || ".next", "factdesk-engine-chunks.json");
  return (JSON.parse(fs.readFileSync(list, "utf8")) as { files: string[] }).files.map((file) => `/_next/${file}`);
}

/** Signs `email` in on `page` and waits until the desk (or the callback page) has loaded. */
export async function signIn(page: Page, email: string, { password = DEMO_PASSWORD, landOn = /\/desk/ } = {}) {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(email, password);
  await expect(page).toHaveURL(landOn);
}

/**
 * Holds back the page's scripts (a slow connection) until the returned
 * function is called: what the server drew can be used before they run.
 */
export async function holdScripts(page: Page): Promise<() => void> {
  let letThrough!: () => void;
  const through = new Promise<void>((resolve) => (letThrough = resolve));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await through;
    await route.continue();
  });
  return letThrough;
}

/** Waits until React has hydrated `locator`'s element (its own key on the element). */
export async function expectHydrated(locator: Locator): Promise<void> {
  await expect.poll(() => locator.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactFiber$"))), { timeout: 15_000 }).toBe(true);
}

/** A page in a browser context of its own (own cookies), signed in as `email`. */
export async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/**
 * A fresh check written through the API and approved by the demo reviewer: its
 * id. `summary` and `body` (one section's) are single paragraphs, each citing a
 * new source.
 */
export async function approvedCheck(writer: Page, reviewer: Page, { question, summary, body }: { question: string; summary: string; body: string }): Promise<string> {
  const word = crypto.randomBytes(4).toString("hex");
  const source = await writer.request.post("/api/v1/sources", { data: { url: `https://www.example.org/sources/${word}`, title: `Source ${word}` } });
  expect(source.status()).toBe(201);
  const sourceId = ((await source.json()) as { id: string }).id;
  const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, { type: "citation", attrs: { sourceId } }] }] });
  const created = await writer.request.post("/api/v1/fact-checks", {
    data: { question, summary: doc(summary), sections: [{ heading: "Evidence", body: doc(body) }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const reviewers = (await (await writer.request.get("/api/v1/users?role=reviewer")).json()) as { data: { id: string; email: string }[] };
  const reviewerId = reviewers.data.find((u) => u.email === DEMO.reviewer)!.id;
  expect((await writer.request.post(`/api/v1/fact-checks/${id}/submit`, { data: { reviewerIds: [reviewerId] } })).status()).toBe(200);
  expect((await reviewer.request.post(`/api/v1/fact-checks/${id}/reviews`, { data: { decision: "approve" } })).status()).toBe(200);
  return id;
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

/**
 * Finds `quote` in a check's rendered article (its numbered sections) and
 * selects it, as a reader would with the mouse (`select`; an error when it is
 * not there), or tells where it starts on screen (`top`; NaN when it is not).
 */
function findPassage(page: Page, quote: string, action: "select" | "top"): Promise<number> {
  return page.evaluate(
    ([quote, action]) => {
      for (const section of document.querySelectorAll("article section[aria-labelledby]")) {
        const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(quote);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + quote.length);
          if (action === "top") return range.getBoundingClientRect().top;
          const selection = window.getSelection()!;
          selection.removeAllRanges();
          selection.addRange(range);
          return 0;
        }
      }
      if (action === "top") return Number.NaN;
      throw new Error(`"${quote}" is not in the article`);
    },
    [quote, action] as const,
  );
}

/** Selects `quote` in a check's rendered article, as a reader would with the mouse. */
export async function selectPassage(page: Page, quote: string): Promise<void> {
  await findPassage(page, quote, "select");
}

/** Where `quote` starts on screen in a check's rendered article (NaN when it is not there). */
export const passageTop = (page: Page, quote: string) => findPassage(page, quote, "top");

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
