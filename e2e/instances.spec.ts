/**
 * Two app instances on one PostgreSQL database, as behind a load balancer:
 * what an editor changes on one instance reaches readers of the other at once,
 * although each instance keeps its own cache of published pages and lists
 * (expiries travel over PostgreSQL NOTIFY: lib/cache-handler.mjs).
 *
 * Needs a PostgreSQL server: `npm test` passes FACTDESK_E2E_POSTGRES_URL when
 * one answers (TEST_DATABASE_URL's, else the local one), and this file makes and
 * drops a database of its own on it. Without one, playwright.config.ts leaves
 * this file out, as vitest leaves out the PostgreSQL integration tests.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO, expect, signIn, test } from "./fixtures";

const serverUrl = process.env.FACTDESK_E2E_POSTGRES_URL!;
const root = path.resolve(__dirname, "..");
const PORTS = [Number(process.env.FACTDESK_E2E_PORT || 3107) + 10, Number(process.env.FACTDESK_E2E_PORT || 3107) + 11];
const [A, B] = PORTS.map((port) => `http://127.0.0.1:${port}`) as [string, string];
const BANNER = "This fact-check may be outdated.";
const FRESH_SLUG = "does-a-four-day-school-week-improve-test-scores";

test.describe.configure({ mode: "serial" });

const database = `factdesk_e2e_instances_${crypto.randomBytes(5).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
})();
const servers: ChildProcess[] = [];

async function admin(statement: string) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

async function waitForHealth(base: string, server: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server for ${base} exited (${server.exitCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base} did not answer within a minute`);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await admin(`create database ${database}`);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    // One secret for both: a session from one instance is valid on the other.
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    // A minute, not a second: what reaches instance B must come through its expiries (as in playwright.config.ts).
    FACTDESK_RESPONSE_CACHE_MS: "60000",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const prepared = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  expect(prepared.status, "migrating and loading the demo data").toBe(0);
  for (const port of PORTS) {
    servers.push(
      spawn(process.execPath, ["server.mjs", "--port", String(port), "--hostname", "127.0.0.1"], {
        cwd: root,
        env: { ...env, FACTDESK_PUBLIC_URL: `http://127.0.0.1:${port}` },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    );
  }
  await Promise.all(PORTS.map((port, i) => waitForHealth(`http://127.0.0.1:${port}`, servers[i]!)));
});

test.afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (server.exitCode !== null) return resolve();
          server.once("exit", () => resolve());
          server.kill("SIGTERM");
        }),
    ),
  );
  await admin(`drop database if exists ${database} with (force)`);
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

  // Instance B has the home page's list and the check's "not found" in its cache.
  const before = await readTwice(B, `/fact-checks/${approved.slug}`);
  expect(before.status).toBe(404);
  expect(before.headers.get("x-nextjs-cache")).toBe("HIT");
  expect(before.headers.get("x-factdesk-cache"), "kept by B's response cache").toBe("HIT");
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
  const before = await readTwice(B, `/fact-checks/${FRESH_SLUG}`);
  expect(before.headers.get("x-nextjs-cache")).toBe("HIT");
  expect(before.headers.get("x-factdesk-cache"), "kept by B's response cache").toBe("HIT");
  expect(await before.text()).not.toContain(BANNER);

  await page.goto(`${B}/fact-checks/${FRESH_SLUG}`);
  const title = await page.locator("#source-1 cite").innerText();

  const editor = await editorOn(browser, A);
  const found = await editor.request.get(`/api/v1/sources?q=${encodeURIComponent(title)}`);
  const sourceId = ((await found.json()).data as { id: string; title: string }[]).find((s) => s.title === title)?.id;
  expect(sourceId, `the library's "${title}"`).toBeTruthy();
  const retracted = await editor.request.patch(`/api/v1/sources/${sourceId}`, { data: { status: "retracted", statusNote: "Withdrawn by its authors." } });
  expect(retracted.status()).toBe(200);

  await page.goto(`${B}/fact-checks/${FRESH_SLUG}`);
  await expect(page.getByText(BANNER)).toBeVisible();
  await editor.context().close();
});
