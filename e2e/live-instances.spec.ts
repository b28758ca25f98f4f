/**
 * Live editing across two app instances on one PostgreSQL database and one
 * Redis server, in the browser: people on different instances type into one
 * check and see each other, and one instance restarting while its writer is
 * typing loses nothing (it stores on the way down; the browser keeps what was
 * typed meanwhile and merges it when the instance is back).
 *
 * Needs PostgreSQL (as instances.spec.ts: left out without one) and Redis
 * (REDIS_URL, else 127.0.0.1:6379).
 */
import type { Browser, Page } from "@playwright/test";
import { dropRedisKeys, prepareDatabase, serverEnv, startServer, stopServers, throwawayDatabase, waitForHealth, type AppServer } from "./app-servers";
import { DEMO, expect, signIn, test } from "./fixtures";

const BASE_PORT = Number(process.env.FACTDESK_E2E_PORT || 3107);
const PORTS = [BASE_PORT + 12, BASE_PORT + 13];
const [A, B] = PORTS.map((port) => `http://127.0.0.1:${port}`) as [string, string];

test.describe.configure({ mode: "serial" });

const database = throwawayDatabase("factdesk_e2e_live");
let env: NodeJS.ProcessEnv;
const servers: AppServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await database.create();
  env = serverEnv(database.url, { REDIS_URL: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  prepareDatabase(env);
  for (const url of [A, B]) servers.push(startServer(url, env));
  await Promise.all([A, B].map((url, i) => waitForHealth(url, servers[i]!)));
});

test.afterAll(async () => {
  await stopServers(servers);
  await dropRedisKeys(database.url);
  await database.drop();
});

async function personOn(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await signIn(page, email);
  return page;
}

const body = (page: Page, n: number) => page.getByRole("textbox", { name: `Section ${n} body` });

test("people on two instances edit one check together, and a restart mid-typing loses nothing", async ({ browser }) => {
  test.setTimeout(150_000);
  const wren = await personOn(browser, A, DEMO.writer);
  const eddie = await personOn(browser, B, DEMO.editor);
  const created = await wren.request.post("/api/v1/fact-checks", {
    data: { question: `Do trams run on time? ${crypto.randomUUID().slice(0, 6)}`, sections: [{ heading: "Timetables", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Start." }] }] } }] },
  });
  const { id } = (await created.json()) as { id: string };
  for (const page of [wren, eddie]) {
    await page.goto(`/desk/fact-checks/${id}`);
    await expect(body(page, 1)).toBeVisible();
  }
  await expect(wren.getByRole("region", { name: "Who else is editing" })).toContainText("Eddie Editor");

  await body(wren, 1).click();
  await wren.keyboard.press("Control+End");
  await body(eddie, 1).click();
  await eddie.keyboard.press("Control+End");
  for (let i = 0; i < 8; i++) {
    await wren.keyboard.type("a");
    await eddie.keyboard.type("b");
  }
  await expect(body(eddie, 1)).toHaveText(await body(wren, 1).textContent().then((t) => t!));
  await expect(body(wren, 1)).toHaveText(/^Start\.[ab]{16}$/);

  // Instance A goes down while Wren types, and comes back.
  const stopping = stopServers([servers[0]!]);
  await wren.keyboard.type(" typed-during-restart");
  await stopping;
  servers[0] = startServer(A, env);
  await waitForHealth(A, servers[0]);
  await wren.keyboard.type(" and-after");
  for (const page of [wren, eddie]) await expect(body(page, 1)).toContainText("typed-during-restart and-after");
  const expected = (await body(wren, 1).textContent())!;
  await expect(body(eddie, 1)).toHaveText(expected);
  await expect
    .poll(async () => JSON.stringify(((await (await eddie.request.get(`/api/v1/fact-checks/${id}`)).json()) as { sections: { body: unknown }[] }).sections[0]!.body))
    .toContain(expected);
});
