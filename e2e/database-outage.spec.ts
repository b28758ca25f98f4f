/**
 * PostgreSQL out of reach, with the built server (server.mjs): from the start
 * (a closed loopback port), and going away while people work (the database is
 * dropped, which also ends every connection to it). Either way the server keeps
 * answering: /api/health and API calls 503 with error code `database`, forms
 * and pages say the service is unavailable (no stack, no query), and the log
 * says why in one line, not "Failed query: …".
 *
 * Needs a PostgreSQL server, as e2e/instances.spec.ts does (playwright.config.ts
 * leaves both out without one).
 */
import { closedLoopbackPort } from "../test/processes";
import { prepareDatabase, serverEnv, startServer, stopServers, throwawayDatabase, waitForHealth, type AppServer } from "./app-servers";
import { DEMO, expect, signIn, test } from "./fixtures";

const base = Number(process.env.FACTDESK_E2E_PORT || 3107);
const GOING = `http://127.0.0.1:${base + 12}`;
const NEVER = `http://127.0.0.1:${base + 14}`;
const UNAVAILABLE = "Factdesk is unavailable right now";
const API_OUTAGE = { error: { code: "database", message: "The service is unavailable: it cannot reach its database. Try again in a few minutes." } };

test.describe.configure({ mode: "serial" });

const database = throwawayDatabase("factdesk_e2e_outage");
let closedPort = 0;
/** On the database that goes away, and on a port nothing listens on. */
let going: AppServer;
let never: AppServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await database.create();
  const env = serverEnv(database.url);
  prepareDatabase(env);
  closedPort = await closedLoopbackPort();
  going = startServer(GOING, env, { keepLog: true });
  never = startServer(NEVER, { ...env, DATABASE_URL: `postgres://factdesk:s3cret@127.0.0.1:${closedPort}/factdesk` }, { keepLog: true });
  await Promise.all([waitForHealth(GOING, going), waitForHealth(NEVER, never, 503)]);
});

test.afterAll(async () => {
  await stopServers([going, never].filter(Boolean));
  await database.drop();
});

test("PostgreSQL out of reach from the start: 503 database from the API, an unavailable page, one clear line per failure in the log", async ({ page }) => {
  const health = await fetch(`${NEVER}/api/health`);
  expect(health.status).toBe(503);
  expect(((await health.json()) as { error: { code: string } }).error.code).toBe("database");

  const api = await fetch(`${NEVER}/api/v1/fact-checks`, { headers: { authorization: "Bearer fdk_any-token" } });
  expect(api.status).toBe(503);
  expect(await api.json()).toEqual(API_OUTAGE);

  await page.goto(`${NEVER}/search?q=heat`);
  await expect(page.getByRole("heading", { level: 1, name: UNAVAILABLE })).toBeVisible();
  await expect(page.getByText("The service cannot reach its database. Nothing you saved is lost; try again in a few minutes.")).toBeVisible();
  expect(await page.content()).not.toMatch(/Failed query|at async|ECONNREFUSED/);

  expect(never.log).toContain(`Database unavailable: cannot connect to 127.0.0.1:${closedPort}: connection refused`);
  expect(never.log).not.toContain("Failed query");
  expect(never.log).not.toContain("s3cret");
});

test("PostgreSQL going away while people work: 503 database from the API, the form and the pages say the service is unavailable", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: GOING });
  const page = await context.newPage();
  await signIn(page, DEMO.writer);
  await page.goto("/desk/new");
  await expect(page.getByLabel("Question")).toBeVisible();
  expect((await page.request.get(`${GOING}/api/v1/fact-checks`)).status()).toBe(200);

  await database.drop();

  const api = await page.request.get(`${GOING}/api/v1/fact-checks`);
  expect(api.status()).toBe(503);
  expect(await api.json()).toEqual(API_OUTAGE);

  await page.getByLabel("Question").fill("Did the river flood twice this spring?");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The service is unavailable: it cannot reach its database." })).toBeVisible();

  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: UNAVAILABLE })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("desk-unavailable.png"), fullPage: true });
  expect(await page.content()).not.toMatch(/Failed query|at async|database "/);

  // The API call and the form (a page's failure is logged by Next.js, with the query that failed and its cause).
  expect(going.log).toMatch(/^Database unavailable: (terminating connection due to administrator command|database "factdesk_e2e_outage_\w+" does not exist)$/m);
  await context.close();
});
