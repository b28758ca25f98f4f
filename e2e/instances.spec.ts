/**
 * Two app instances on one PostgreSQL database and one Redis, as behind a load
 * balancer: what an editor changes on one instance reaches readers of the
 * other at once, as both read their published pages and lists from one cache
 * in Redis, with one record of its expiries (lib/cache-handler.mjs).
 *
 * Needs a PostgreSQL server: `npm test` passes FACTDESK_E2E_POSTGRES_URL when
 * one answers (TEST_DATABASE_URL's, else the local one), and this file makes and
 * drops a database of its own on it. Without one, playwright.config.ts leaves
 * this file out, as vitest leaves out the PostgreSQL integration tests. Redis:
 * REDIS_URL, else 127.0.0.1:6379.
 */
import type { Page } from "@playwright/test";
import { dropRedisKeys, prepareDatabase, serverEnv, startServer, stopServers, throwawayDatabase, waitForHealth, type AppServer } from "./app-servers";
import { DEMO, expect, signIn, test } from "./fixtures";

const PORTS = [Number(process.env.FACTDESK_E2E_PORT || 3107) + 10, Number(process.env.FACTDESK_E2E_PORT || 3107) + 11];
const [A, B] = PORTS.map((port) => `http://127.0.0.1:${port}`) as [string, string];
const BANNER = "This fact-check may be outdated.";
const FRESH_SLUG = "does-a-four-day-school-week-improve-test-scores";

// Two servers and a browser share the machine: a minute per test, as the other multi-server tests have.
test.describe.configure({ mode: "serial", timeout: 60_000 });

const database = throwawayDatabase("factdesk_e2e_instances");
const servers: AppServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await database.create();
  // No response cache in front (its default with REDIS_URL): what B serves comes from the shared cache.
  const env = serverEnv(database.url, { REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  prepareDatabase(env);
  for (const port of PORTS) servers.push(startServer(`http://127.0.0.1:${port}`, env));
  await Promise.all(PORTS.map((port, i) => waitForHealth(`http://127.0.0.1:${port}`, servers[i]!)));
});

test.afterAll(async () => {
  await stopServers(servers);
  await dropRedisKeys(database.url);
  await database.drop();
});

/** Reads a page twice on an instance, so that the second answer comes from its cache. */
async function readTwice(base: string, pathname: string) {
  await fetch(`${base}${pathname}`);
  return fetch(`${base}${pathname}`);
}

async function editorOn(browser: import("@playwright/test").Browser, base: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await signIn(page, DEMO.editor);
  return page;
}

test("a check published on one instance is on the other's pages at once", async ({ browser, page }) => {
  const editor = await editorOn(browser, A);
  const list = await editor.request.get("/api/v1/fact-checks");
  expect(list.status()).toBe(200);
  const desk = (await list.json()) as Record<"data" | "waiting", { id: string; question: string }[]>;
  const waiting = [...desk.data, ...desk.waiting].find((c) => c.question === "Do heat pumps keep working in freezing weather?");
  expect(waiting, "the demo check waiting to be published").toBeTruthy();
  const approved = (await (await editor.request.get(`/api/v1/fact-checks/${waiting!.id}`)).json()) as { id: string; slug: string; status: string };
  expect(approved.status).toBe("approved");

  // The shared cache has the home page's list and the check's "not found", which B serves from it.
  const before = await readTwice(B, `/fact-checks/${approved.slug}`);
  expect(before.status).toBe(404);
  expect(before.headers.get("x-nextjs-cache")).toBe("HIT");
  expect(before.headers.get("x-factdesk-cache"), "no response cache in front with REDIS_URL").toBeNull();
  expect(await (await readTwice(B, "/")).text()).not.toContain("Do heat pumps keep working");

  await editor.goto(`/desk/fact-checks/${approved.id}/publish`);
  await editor.getByLabel("Change note (optional)").fill("First publication.");
  await editor.getByRole("button", { name: "Publish" }).click();
  await expect(editor.getByRole("status").filter({ hasText: /Version 1 is live/ })).toBeVisible();

  // A reader of instance B.
  await expect
    .poll(async () => (await fetch(`${B}/fact-checks/${approved.slug}`)).status, { timeout: 2_000, message: "the page on instance B" })
    .toBe(200);
  await page.goto(`${B}/fact-checks/${approved.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "Do heat pumps keep working in freezing weather?" })).toBeVisible();
  await page.goto(`${B}/`);
  await expect(page.getByRole("link", { name: "Do heat pumps keep working in freezing weather?" })).toBeVisible();
  await editor.context().close();
});

test("a source retracted on one instance puts the banner on the other's cached page at once", async ({ browser, page }) => {
  // Rendered on A, served from the shared cache on B.
  await readTwice(A, `/fact-checks/${FRESH_SLUG}`);
  const before = await fetch(`${B}/fact-checks/${FRESH_SLUG}`);
  expect(before.headers.get("x-nextjs-cache")).toBe("HIT");
  expect(await before.text()).not.toContain(BANNER);

  await page.goto(`${B}/fact-checks/${FRESH_SLUG}`);
  const title = await page.locator("#source-1 cite").innerText();

  const editor = await editorOn(browser, A);
  const found = await editor.request.get(`/api/v1/sources?q=${encodeURIComponent(title)}`);
  const sourceId = ((await found.json()).data as { id: string; title: string }[]).find((s) => s.title === title)?.id;
  expect(sourceId, `the library's "${title}"`).toBeTruthy();
  const retracted = await editor.request.patch(`/api/v1/sources/${sourceId}`, { data: { status: "retracted", statusNote: "Withdrawn by its authors." } });
  expect(retracted.status()).toBe(200);

  // The expiry recorded in Redis by A counts on B's next read: within moments, not a page lifetime.
  await expect
    .poll(async () => (await (await fetch(`${B}/fact-checks/${FRESH_SLUG}`)).text()).includes(BANNER), { timeout: 2_000, message: "the banner on instance B" })
    .toBe(true);
  await page.goto(`${B}/fact-checks/${FRESH_SLUG}`);
  await expect(page.getByText(BANNER)).toBeVisible();
  await editor.context().close();
});
