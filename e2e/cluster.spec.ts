/**
 * The deployment of docs/deployment.md, end to end: `npm run cluster`
 * (scripts/cluster.mjs) starts two instances on one PostgreSQL database and
 * one Redis, and nginx in front with deploy/nginx's configuration, all on
 * loopback; a purge endpoint of the test's own stands for a CDN's.
 *
 * Needs PostgreSQL (as instances.spec.ts: left out without one), Redis
 * (REDIS_URL, else 127.0.0.1:6379) and nginx (NGINX_BIN, PATH or
 * /usr/sbin/nginx: .ci/run installs Debian's).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { Redis } from "ioredis";
import { redisPrefixOf, root, serverEnv, startCluster, stopCluster, throwawayDatabase, type Cluster } from "./app-servers";
import { DEMO, expect, signIn, test } from "./fixtures";
import { email, reportOutdatedAttempt, signInAttempt } from "./loopback-client";

const PORT = Number(process.env.FACTDESK_E2E_PORT || 3107) + 22;
const N = `http://127.0.0.1:${PORT}`;
const FRESH_SLUG = "does-a-four-day-school-week-improve-test-scores";
const WAITING_QUESTION = "Do heat pumps keep working in freezing weather?";
const PURGE_SECRET = crypto.randomBytes(16).toString("hex");
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";

// Two servers, nginx and a browser share the machine: a minute and a half per test.
test.describe.configure({ mode: "serial", timeout: 90_000 });

const database = throwawayDatabase("factdesk_e2e_cluster");
/** The cluster's keys in Redis (serverEnv names them after the database). */
const redisPrefix = redisPrefixOf(database.url);
let cluster: Cluster;
let redis: Redis;
let purgeServer: http.Server;
const purges: { at: number; authorization?: string; tags: string[] }[] = [];
let startedAt = 0;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  purgeServer = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      purges.push({ at: Date.now(), authorization: req.headers.authorization, tags: (JSON.parse(body) as { tags: string[] }).tags });
      res.end('{"success":true}');
    });
  });
  await new Promise<void>((resolve) => purgeServer.listen(0, "127.0.0.1", resolve));
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await database.create();
  startedAt = Date.now();
  cluster = await startCluster(
    PORT,
    serverEnv(database.url, {
      REDIS_URL: redisUrl,
      FACTDESK_PURGE_URL: `http://127.0.0.1:${(purgeServer.address() as AddressInfo).port}/purge`,
      FACTDESK_PURGE_SECRET: PURGE_SECRET,
      FACTDESK_PURGE_REPEAT_MS: "1000",
    }),
  );
  expect(cluster.instances).toHaveLength(2);
});

test.afterAll(async () => {
  if (cluster) await stopCluster(cluster);
  await new Promise<void>((resolve) => purgeServer?.close(() => resolve()));
  if (redis) {
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  await database.drop();
});

async function personOn(browser: Browser, base: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: base })).newPage();
  await signIn(page, email);
  return page;
}

/** Reads `path` through nginx until its answer comes from nginx's cache (the first fills it). */
async function readFromCache(path: string): Promise<Response> {
  for (let i = 0; i < 10; i++) {
    const response = await fetch(`${N}${path}`, { redirect: "manual" });
    if (response.headers.get("x-cache-status") === "HIT") return response;
    await response.arrayBuffer();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never came from nginx's cache`);
}

test("readers get published pages from nginx's cache, and a publication on one instance reaches them within 2 seconds", async ({ browser }) => {
  const hit = await readFromCache(`/fact-checks/${FRESH_SLUG}`);
  expect(hit.status).toBe(200);
  // What a CDN acts on: how long it may keep the page, and the tags a purge names.
  expect(hit.headers.get("cache-control")).toMatch(/s-maxage=\d+/);
  expect(hit.headers.get("cache-tag")).toMatch(new RegExp(`^public,public:slug:${FRESH_SLUG},public:check:[0-9a-f-]{36}$`));
  expect(hit.headers.get("surrogate-key")).toBe(hit.headers.get("cache-tag")!.replaceAll(",", " "));
  expect(hit.headers.get("set-cookie")).toBeNull();
  expect(hit.headers.get("content-security-policy")).toMatch(/script-src 'self' 'sha256-/);

  // The editor works on instance A itself; readers read through nginx.
  const [a] = cluster.instances;
  const editor = await personOn(browser, a!.url, DEMO.editor);
  const desk = (await (await editor.request.get("/api/v1/fact-checks")).json()) as Record<"data" | "waiting", { id: string; question: string }[]>;
  const waiting = [...desk.data, ...desk.waiting].find((c) => c.question === WAITING_QUESTION);
  expect(waiting, "the demo check waiting to be published").toBeTruthy();
  const { slug } = (await (await editor.request.get(`/api/v1/fact-checks/${waiting!.id}`)).json()) as { slug: string };
  expect((await readFromCache(`/fact-checks/${slug}`)).status).toBe(404);
  expect(await (await readFromCache("/")).text()).not.toContain(WAITING_QUESTION);

  purges.length = 0;
  const published = await editor.request.post(`/api/v1/fact-checks/${waiting!.id}/publish`, { data: { changeNote: "First publication." } });
  expect(published.status()).toBe(201);
  // Readers of both pages through nginx, from the moment the publication is done: each shows it within 2 s.
  await Promise.all([
    expect.poll(async () => (await fetch(`${N}/fact-checks/${slug}`)).status, { timeout: 2_000, intervals: [50], message: "the check's page through nginx" }).toBe(200),
    expect.poll(async () => (await (await fetch(`${N}/`)).text()).includes(WAITING_QUESTION), { timeout: 2_000, intervals: [50], message: "the home page through nginx" }).toBe(true),
  ]);

  // A CDN in front is told at once, with the secret, and once more a moment later (FACTDESK_PURGE_REPEAT_MS).
  await expect.poll(() => purges.length, { timeout: 5_000 }).toBe(2);
  expect(purges.map((p) => [p.authorization, p.tags])).toEqual([
    [`Bearer ${PURGE_SECRET}`, ["public"]],
    [`Bearer ${PURGE_SECRET}`, ["public"]],
  ]);
  expect(purges[1]!.at - purges[0]!.at).toBeGreaterThanOrEqual(900);
  await editor.context().close();
});

test("nginx sends the build's scripts as compressed at build time, not compressed again per request", async () => {
  const html = await (await fetch(`${N}/about`)).text();
  const scripts = [...new Set([...html.matchAll(/src="(\/_next\/static\/chunks\/[^"?]+\.js)"/g)].map((match) => match[1]!))];
  const staticDir = path.join(root, process.env.FACTDESK_DIST_DIR || ".next", "static");
  let checked = 0;
  for (const script of scripts) {
    const copy = path.join(staticDir, `${script.slice("/_next/static/".length)}.gz`);
    if (!fs.existsSync(copy)) continue; // too small to have one
    const response = await fetch(`${N}${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(response.status, script).toBe(200);
    expect(response.headers.get("content-encoding"), script).toBe("gzip");
    // The copy itself: compressing on the fly, nginx would send it in chunks, without a length.
    expect(Number(response.headers.get("content-length")), script).toBe(fs.statSync(copy).size);
    expect(response.headers.get("cache-control"), script).toBe("public, max-age=31536000, immutable");
    expect((await response.text()).length, script).toBeGreaterThan(fs.statSync(copy).size);
    checked += 1;
  }
  expect(checked).toBeGreaterThanOrEqual(3);
});

test("a source's new status purges exactly the pages that cite it, and reaches readers through nginx", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${N}/fact-checks/${FRESH_SLUG}`);
  const title = await page.locator("#source-1 cite").innerText();
  const checkTag = (await readFromCache(`/fact-checks/${FRESH_SLUG}`)).headers.get("cache-tag")!.split(",")[2]!;

  const [, b] = cluster.instances;
  const editor = await personOn(browser, b!.url, DEMO.editor);
  const found = (await (await editor.request.get(`/api/v1/sources?q=${encodeURIComponent(title)}`)).json()) as { data: { id: string; title: string }[] };
  const source = found.data.find((s) => s.title === title);
  expect(source, `the library's "${title}"`).toBeTruthy();
  purges.length = 0;
  const retracted = await editor.request.patch(`/api/v1/sources/${source!.id}`, { data: { status: "retracted", statusNote: "Withdrawn by its authors." } });
  expect(retracted.status()).toBe(200);
  await expect.poll(async () => (await (await fetch(`${N}/fact-checks/${FRESH_SLUG}`)).text()).includes("This fact-check may be outdated."), { timeout: 2_000, intervals: [50] }).toBe(true);
  await expect.poll(() => purges.flatMap((p) => p.tags).includes(checkTag), { timeout: 3_000 }).toBe(true);
  const tags = purges.flatMap((p) => p.tags);
  expect(tags).toContain("public:lists");
  expect(tags, "only the pages that cite the source, not the whole site").not.toContain("public");
  expect(purges.every((p) => p.authorization === `Bearer ${PURGE_SECRET}`)).toBe(true);
  await editor.context().close();
});

test("signed-in staff never get pages from the cache, and nothing cached carries a session cookie", async ({ browser }) => {
  // Signed in through nginx: the session cookie travels through it.
  const writer = await personOn(browser, N, DEMO.writer);
  for (const path of [`/fact-checks/${FRESH_SLUG}`, "/", "/desk", "/api/v1/fact-checks"]) {
    for (let i = 0; i < 3; i++) {
      const response = await writer.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()["x-cache-status"], `${path}, signed in`).toBe("BYPASS");
    }
  }
  // Readers: what nginx answers from its cache never sets a cookie; the sign-in page (which does) is never kept.
  for (const path of [`/fact-checks/${FRESH_SLUG}`, "/", "/about"]) {
    const cached = await readFromCache(path);
    expect(cached.headers.get("set-cookie"), path).toBeNull();
    expect(cached.headers.get("cache-control"), path).not.toMatch(/private|no-store/);
  }
  for (let i = 0; i < 3; i++) {
    const login = await fetch(`${N}/login`);
    await login.arrayBuffer();
    expect(login.headers.get("x-cache-status"), "the sign-in page").not.toBe("HIT");
    const desk = await fetch(`${N}/desk`, { redirect: "manual" });
    expect(desk.headers.get("x-cache-status"), "the desk, signed out").not.toBe("HIT");
  }
  await writer.context().close();
});

test("the per-address limits count each reader through nginx, whatever address a reader writes into its own headers", async () => {
  test.setTimeout(120_000);
  // Readers connect to nginx (on 127.0.0.1) from addresses of their own; the instances see only nginx's.
  const [mallory, rita] = ["127.0.0.2", "127.0.0.3"];
  // Each attempt claims another address in every header a proxy might be believed for, trusted ones included.
  const claims = (i: number) => ({
    "x-forwarded-for": i % 2 ? `198.51.100.${i}` : `198.51.100.${i}, 127.0.0.1`,
    "x-real-ip": `198.51.100.${i}`,
    "x-factdesk-client-address": `198.51.100.${i}`,
  });
  for (let i = 0; i < 10; i++) {
    expect(await signInAttempt(N, { email: email(), localAddress: mallory, headers: claims(i) }), `failed sign-in ${i + 1} of 10`).toBe("refused");
  }
  expect(await signInAttempt(N, { email: email(), localAddress: mallory, headers: claims(100) }), "the 11th, from the same reader").toBe("rate_limited");
  expect(await signInAttempt(N, { email: email(), localAddress: mallory }), "the 12th, claiming nothing").toBe("rate_limited");
  // Another reader through the same nginx (and the same two instances) is not limited.
  expect(await signInAttempt(N, { email: email(), localAddress: rita }), "another reader").toBe("refused");

  // What the instances recorded: the two readers' own addresses, never nginx's or a claimed one.
  const { default: postgres } = await import("postgres");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    const counted = await sql<{ address: string; n: number }[]>`select address, count(*)::int as n from login_failures group by address order by address`;
    expect(counted.map((row) => [row.address, row.n])).toEqual([
      [mallory, 10],
      [rita, 1],
    ]);
  } finally {
    await sql.end();
  }

  // A reader's report of an outdated check counts once per reader and check, on any instance.
  expect(await reportOutdatedAttempt(N, FRESH_SLUG, { localAddress: mallory, headers: claims(1) })).toBe("recorded");
  expect(await reportOutdatedAttempt(N, FRESH_SLUG, { localAddress: mallory, headers: claims(2) })).toBe("already_reported");
  expect(await reportOutdatedAttempt(N, FRESH_SLUG, { localAddress: rita })).toBe("recorded");
});

const body = (page: Page, n: number) => page.getByRole("textbox", { name: `Section ${n} body` });

/** Who has the check open on each instance, as the instances tell each other in Redis (lib/server/live-presence.ts). */
async function instancesOf(checkId: string): Promise<Map<string, string>> {
  const fields = await redis.hgetall(`${redisPrefix}:live:editing:${checkId}`);
  const where = new Map<string, string>();
  for (const [instance, value] of Object.entries(fields)) {
    for (const person of (JSON.parse(value) as { people: { name: string }[] }).people) where.set(person.name, instance);
  }
  return where;
}

test("a writer and a co-writer on different instances edit together through nginx, and stopping one instance loses nothing", async ({ browser }) => {
  test.setTimeout(180_000);
  const wren = await personOn(browser, N, DEMO.writer);
  const walt = await personOn(browser, N, DEMO.writer2);
  const created = await wren.request.post("/api/v1/fact-checks", {
    data: { question: `Do ferries run in storms? ${crypto.randomUUID().slice(0, 6)}`, sections: [{ heading: "Crossings", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Start." }] }] } }] },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const users = (await (await wren.request.get("/api/v1/users")).json()) as { data: { id: string; email: string; name: string }[] };
  const coWriter = users.data.find((u) => u.email === DEMO.writer2)!;
  const writer = users.data.find((u) => u.email === DEMO.writer)!;
  expect((await wren.request.post(`/api/v1/fact-checks/${id}/collaborators`, { data: { userId: coWriter.id } })).status()).toBe(201);

  for (const page of [wren, walt]) {
    await page.goto(`/desk/fact-checks/${id}`);
    await expect(body(page, 1)).toBeVisible();
  }
  // nginx spreads the WebSockets over the instances: open the co-writer's again until the two are on different ones.
  for (let attempt = 0; ; attempt++) {
    await expect.poll(async () => (await instancesOf(id)).size, { message: "both editors connected" }).toBe(2);
    const where = await instancesOf(id);
    if (where.get(writer.name) !== where.get(coWriter.name)) break;
    expect(attempt, "the two editors' WebSockets landed on one instance every time").toBeLessThan(8);
    await walt.reload();
    await expect(body(walt, 1)).toBeVisible();
  }
  await expect(wren.getByRole("region", { name: "Who else is editing" })).toContainText(coWriter.name);

  await body(wren, 1).click();
  await wren.keyboard.press("Control+End");
  await body(walt, 1).click();
  await walt.keyboard.press("Control+End");
  for (let i = 0; i < 6; i++) {
    await wren.keyboard.type("a");
    await walt.keyboard.type("b");
  }
  await expect(body(wren, 1)).toHaveText(/^Start\.[ab]{12}$/);
  await expect(body(walt, 1)).toHaveText((await body(wren, 1).textContent())!);

  // Instance 1 stops (one of the two editors is on it) while both type.
  const [first] = cluster.instances;
  process.kill(first!.pid, "SIGTERM");
  await wren.keyboard.type(" wren-while-stopping");
  await walt.keyboard.type(" walt-while-stopping");
  await expect
    .poll(
      () => {
        try {
          process.kill(first!.pid, 0);
          return "running";
        } catch {
          return "gone";
        }
      },
      { timeout: 15_000 },
    )
    .toBe("gone");

  // Readers are all answered by the other instance: pages nginx does not cache (search) and the health check reach it.
  for (let i = 0; i < 12; i++) {
    for (const path of ["/search?q=school", "/api/health", `/fact-checks/${FRESH_SLUG}`]) {
      const response = await fetch(`${N}${path}`);
      expect(response.status, `${path}, reader ${i + 1} after the stop`).toBe(200);
      await response.arrayBuffer();
    }
  }
  // The editors reconnect through nginx and keep typing.
  await wren.keyboard.type(" wren-after");
  await walt.keyboard.type(" walt-after");
  for (const page of [wren, walt]) {
    for (const words of ["wren-while-stopping", "walt-while-stopping", "wren-after", "walt-after"]) await expect(body(page, 1)).toContainText(words, { timeout: 20_000 });
  }
  const expected = (await body(wren, 1).textContent())!;
  await expect(body(walt, 1)).toHaveText(expected);
  await expect
    .poll(async () => JSON.stringify(((await (await walt.request.get(`/api/v1/fact-checks/${id}`)).json()) as { sections: { body: unknown }[] }).sections[0]!.body), { timeout: 20_000 })
    .toContain("walt-after");
  expect(cluster.log).toMatch(/instance 1 \(port \d+\) stopped/);
});

test("a scheduled job runs once per period, not once per instance", async () => {
  test.setTimeout(120_000);
  // Both instances send `refresh-reminders` for every minute they run (on start, then every 20 s);
  // the job of each minute is one row, run once. Wait for a minute both instances sent.
  const { default: postgres } = await import("postgres");
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    const ranSince = startedAt;
    await expect
      .poll(
        async () => (await sql`select count(*)::int as n from pgboss.job where name = 'refresh-reminders' and state = 'completed' and created_on >= ${new Date(ranSince + 60_000)}`)[0]!.n,
        { timeout: 100_000, intervals: [2_000] },
      )
      .toBeGreaterThanOrEqual(1);
    const jobs = await sql<{ slot: string; runs: number; retries: number; state: string }[]>`
      select data->>'slot' as slot, count(*)::int as runs, max(retry_count)::int as retries, min(state::text) as state
      from pgboss.job where name = 'refresh-reminders' group by data->>'slot'`;
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    for (const job of jobs) expect([job.slot, job.runs, job.retries], `the job of minute ${job.slot}`).toEqual([job.slot, 1, 0]);
  } finally {
    await sql.end();
  }
});
