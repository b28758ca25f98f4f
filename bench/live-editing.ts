/**
 * Live editing under load, with Node clients (Hocuspocus providers over `ws`,
 * signed in as the demo accounts) against `server.mjs` on a throwaway
 * PostgreSQL database, one instance or two sharing Redis:
 *
 * 1. keystroke to received: one person types into one check while the others
 *    (2 or 10 people in all) type too; how long until every other person has
 *    each keystroke (p50/p95), on one instance and split over two;
 * 2. the same for a check of 40 sections and 200 citations against one of one
 *    paragraph (the ratio);
 * 3. 50 people typing 5 characters a second into one check for BENCH_LIVE_SECONDS
 *    (60), then the same at 10 a second, then 50 people spread over 10 checks:
 *    the server's CPU per update, its memory per open check, database writes
 *    per minute (they must not grow with the typing rate), and the backlog (how
 *    long after the typing stops until everyone agrees);
 * 4. in Chromium: a key pressed in one person's browser to the frame that shows
 *    it in another person's browser (p50/p95), on one instance and across two,
 *    with 2 people (both in browsers) and with 10 (8 more as Node clients
 *    typing elsewhere in the check);
 * 5. in Chromium: a key pressed to the typist's own next frame, in a check of
 *    40 sections and 200 citations against one of one paragraph, interleaved.
 *
 *   npm run bench:live      (needs the build, PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379)
 *
 * Loopback only. Ports: BENCH_LIVE_PORT (3336) and the next one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { chromium, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import WebSocket from "ws";
import * as Y from "yjs";
import { docToContent, fieldFragment } from "@/lib/collab/document";
import { chromiumArgs, findBrowser } from "../scripts/find-browser.cjs";
import { signIn } from "./newsroom-server";

const root = path.resolve(__dirname, "..");

const PG = process.env.BENCH_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const PORT = Number(process.env.BENCH_LIVE_PORT || 3336);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS || 60);
/** Keys pressed per browser-to-browser measurement (p95 of 60 is the third-worst key). */
const KEYS = Number(process.env.BENCH_LIVE_KEYS || 120);
/** `browser`: only the browser-to-browser measurements; `own-frame`: only the long check against the short one (quicker runs). */
const ONLY = process.env.BENCH_LIVE_ONLY || "";
/** Everyone may edit the checks the demo writer creates: their writer, and editors (several connections each). */
const PEOPLE = ["writer@factdesk.test", "editor@factdesk.test", "admin@factdesk.test"];

type Server = { url: string; child: ChildProcess };

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 10) / 10;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServers(count: number, databaseUrl: string, authSecret: string): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const url = `http://127.0.0.1:${PORT + i}`;
    const child = spawn(process.execPath, ["server.mjs", "--port", String(PORT + i), "--hostname", "127.0.0.1"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, AUTH_TRUST_HOST: "true", FACTDESK_PUBLIC_URL: url, NEXT_TELEMETRY_DISABLED: "1", ...(count > 1 ? { REDIS_URL: REDIS } : { REDIS_URL: "" }) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    servers.push({ url, child });
  }
  for (const server of servers) {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${server.url}/api/health`)).ok) break;
      } catch {
        // not yet
      }
      if (tries > 240) throw new Error(`${server.url} did not start`);
      await sleep(250);
    }
  }
  return servers;
}

async function stopServers(servers: Server[]) {
  await Promise.all(servers.map(({ child }) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM"))))));
}

type Client = { doc: Y.Doc; provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket };

async function connect(base: string, cookie: string, id: string): Promise<Client> {
  class Socket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: base } });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: `${base.replace("http", "ws")}/collab`, WebSocketPolyfill: Socket });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: id, document: doc });
  provider.attach();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync for ${id} within 30 s`)), 30_000);
    provider.on("synced", () => (clearTimeout(timer), resolve()));
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => (clearTimeout(timer), reject(new Error(`refused: ${reason}`))));
  });
  return { doc, provider, socket };
}

function textOf(client: Client, key: string): Y.XmlText {
  const paragraph = fieldFragment(client.doc, key)!.get(0) as Y.XmlElement;
  return paragraph.get(0) as Y.XmlText;
}

const para = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

async function createCheck(base: string, cookie: string, data: unknown): Promise<{ id: string; sections: { id: string }[] }> {
  const response = await fetch(`${base}/api/v1/fact-checks`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/json" }, body: JSON.stringify(data) });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ id: string; sections: { id: string }[] }>;
}

/** Keystroke to received: `people` clients in one check, spread over the servers; client 0 is measured while all type at 5/s. */
async function latency(servers: Server[], cookies: Map<string, string>, check: { id: string; sections: { id: string }[] }, people: number, keystrokes = 60) {
  const clients: Client[] = [];
  for (let i = 0; i < people; i++) {
    const server = servers[i % servers.length]!;
    clients.push(await connect(server.url, cookies.get(`${server.url} ${PEOPLE[i % PEOPLE.length]}`)!, check.id));
  }
  const probeKey = `section:${check.sections[0]!.id}:body`;
  const others = clients.slice(1);
  const samples: number[] = [];
  let stop = false;
  // Everyone but the probe types into another section, 5 characters a second each.
  const background = others.map(async (client, i) => {
    const key = `section:${check.sections[1 + (i % (check.sections.length - 1))]?.id ?? check.sections[0]!.id}:body`;
    while (!stop) {
      textOf(client, key).insert(0, "x");
      await sleep(200);
    }
  });
  for (let k = 0; k < keystrokes; k++) {
    const probe = textOf(clients[0]!, probeKey);
    const length = probe.length + 1;
    const t0 = performance.now();
    const arrived = others.map(
      (client) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (textOf(client, probeKey).length >= length) {
              client.doc.off("update", check);
              resolve();
            }
          };
          client.doc.on("update", check);
          check();
        }),
    );
    probe.insert(probe.length, "p");
    await Promise.all(arrived);
    samples.push(performance.now() - t0);
    await sleep(200);
  }
  stop = true;
  await Promise.all(background);
  for (const client of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
  return { p50: pct(samples, 50), p95: pct(samples, 95) };
}

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}
function rssMb(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

type LoadShape = { checks: number; perSecond: number };

/** 50 people typing `perSecond` characters a second each for SECONDS, spread over `checks` checks, one instance. */
async function load(server: Server, cookies: Map<string, string>, databaseUrl: string, writer: string, { checks: checkCount, perSecond }: LoadShape) {
  const checks = [];
  for (let i = 0; i < checkCount; i++) checks.push(await createCheck(server.url, writer, { question: `Load check ${i}?`, sections: [{ heading: "One", body: para("Start.") }] }));
  const pid = server.child.pid!;
  const rssBefore = rssMb(pid);
  const clients: { client: Client; key: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const check = checks[i % checks.length]!;
    const email = PEOPLE[i % PEOPLE.length]!;
    clients.push({ client: await connect(server.url, cookies.get(`${server.url} ${email}`)!, check.id), key: `section:${check.sections[0]!.id}:body` });
  }
  const rssOpen = rssMb(pid);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const writes = async () =>
    Number((await sql`select coalesce(sum(n_tup_upd + n_tup_ins), 0)::bigint as n from pg_stat_user_tables where relname in ('fact_checks', 'fact_check_documents', 'citations', 'audit_log')`)[0]!.n);
  const writesBefore = await writes();
  const cpuBefore = cpuMs(pid);
  let updates = 0;
  const interval = 1000 / perSecond;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async ({ client, key }, i) => {
      await sleep((i * interval) / clients.length);
      while (Date.now() < until) {
        textOf(client, key).insert(0, "k");
        updates++;
        await sleep(interval);
      }
    }),
  );
  const typingEnded = performance.now();
  // Backlog: until every client of each check has the same document and nothing unsent.
  for (;;) {
    const agreed = checks.every((check, c) => {
      const ofCheck = clients.filter((_, i) => i % checks.length === c).map(({ client }) => client);
      const first = JSON.stringify(docToContent(ofCheck[0]!.doc));
      return ofCheck.every(({ doc, provider }) => !provider.hasUnsyncedChanges && JSON.stringify(docToContent(doc)) === first);
    });
    if (agreed) break;
    if (performance.now() - typingEnded > 60_000) throw new Error("no agreement a minute after the typing stopped");
    await sleep(20);
  }
  const backlogMs = Math.round(performance.now() - typingEnded);
  const cpu = cpuMs(pid) - cpuBefore;
  await sleep(3_000);
  const dbWrites = (await writes()) - writesBefore;
  await sql.end();
  for (const { client } of clients) {
    client.provider.destroy();
    client.socket.destroy();
  }
  return {
    updates,
    updatesPerSecond: Math.round(updates / SECONDS),
    cpuMsPerUpdate: Math.round((cpu / updates) * 100) / 100,
    serverCpuShare: Math.round((cpu / (SECONDS * 1000)) * 100) / 100,
    rssMbPerOpenCheck: Math.round(((rssOpen - rssBefore) / checks.length) * 10) / 10,
    dbWritesPerMinute: Math.round((dbWrites / (SECONDS + 3)) * 60),
    backlogMs,
  };
}

// ---------------------------------------------------------------------------
// In Chromium

/** Milliseconds between this process's clock and a page's (`performance.timeOrigin + performance.now()`), from the closest of a few round trips. */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 9; i++) {
    const before = performance.timeOrigin + performance.now();
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: inPage - (before + after) / 2 };
  }
  return best.offset;
}

/** A person's editor of the check in a browser context of their own, connected and synced. */
async function openInBrowser(browser: Browser, base: string, cookie: string, id: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
  await context.addCookies(
    cookie.split("; ").map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: base })),
  );
  const page = await context.newPage();
  await page.goto(`/desk/fact-checks/${id}`);
  await page.getByRole("textbox", { name: "Section 1 body" }).waitFor();
  await page.getByRole("status").filter({ hasText: /^(All changes saved|Saved at)/ }).first().waitFor({ timeout: 30_000 });
  return page;
}

/** Puts the caret at the end of section 1's body and records, in page time, each key pressed. */
async function armTypist(page: Page) {
  await page.getByRole("textbox", { name: "Section 1 body" }).click();
  await page.keyboard.press("Control+End");
  await page.evaluate(() => {
    const w = window as unknown as { __pressed: number[] };
    w.__pressed = [];
    document.addEventListener("keydown", (event) => w.__pressed.push(performance.timeOrigin + event.timeStamp), { capture: true });
  });
}

/** Records, in page time, the frame at which each new `char` shows in section 1's body. */
async function armObserver(page: Page, char: string) {
  await page.getByRole("textbox", { name: "Section 1 body" }).evaluate((element, char) => {
    const w = window as unknown as { __shown: number[] };
    w.__shown = [];
    let seen = (element.textContent ?? "").split(char).length - 1;
    new MutationObserver(() => {
      const now = (element.textContent ?? "").split(char).length - 1;
      if (now <= seen) return;
      const arrived = now - seen;
      seen = now;
      requestAnimationFrame(() => {
        for (let i = 0; i < arrived; i++) w.__shown.push(performance.timeOrigin + performance.now());
      });
    }).observe(element, { subtree: true, childList: true, characterData: true });
  }, char);
}

/**
 * Keystroke in one browser to the frame showing it in another: the typist on the first server, the observer
 * on the last; `people - 2` more as Node clients typing 5 characters a second into other sections.
 */
async function browserLatency(browser: Browser, servers: Server[], cookies: Map<string, string>, check: { id: string; sections: { id: string }[] }, people: number, keystrokes = 60) {
  const first = servers[0]!;
  const last = servers[servers.length - 1]!;
  const typist = await openInBrowser(browser, first.url, cookies.get(`${first.url} ${PEOPLE[0]}`)!, check.id);
  const observer = await openInBrowser(browser, last.url, cookies.get(`${last.url} ${PEOPLE[1]}`)!, check.id);
  const extras: Client[] = [];
  for (let i = 0; i < people - 2; i++) {
    const server = servers[i % servers.length]!;
    extras.push(await connect(server.url, cookies.get(`${server.url} ${PEOPLE[(i + 2) % PEOPLE.length]}`)!, check.id));
  }
  let stop = false;
  const background = extras.map(async (client, i) => {
    const key = `section:${check.sections[1 + (i % (check.sections.length - 1))]!.id}:body`;
    while (!stop) {
      textOf(client, key).insert(0, "x");
      await sleep(200);
    }
  });
  await armTypist(typist);
  await armObserver(observer, "q");
  const busy = async (page: Page) => {
    const session = await page.context().newCDPSession(page);
    await session.send("Performance.enable");
    const read = async () => (await session.send("Performance.getMetrics")).metrics.find((m) => m.name === "TaskDuration")!.value;
    const start = await read();
    const startedAt = performance.now();
    return async () => Math.round(((await read()) - start) / ((performance.now() - startedAt) / 1000) * 100);
  };
  const [typistBusy, observerBusy] = [await busy(typist), await busy(observer)];
  let observerProfile: (() => Promise<unknown>) | undefined;
  if (process.env.BENCH_LIVE_PROFILE) {
    const session = await observer.context().newCDPSession(observer);
    await session.send("Profiler.enable");
    await session.send("Profiler.start");
    observerProfile = async () => (await session.send("Profiler.stop")).profile;
  }
  for (let k = 0; k < keystrokes; k++) {
    await typist.keyboard.press("q");
    await sleep(200);
  }
  await observer.waitForFunction((n) => (window as unknown as { __shown: number[] }).__shown.length >= n, keystrokes, { timeout: 30_000 });
  stop = true;
  const mainThread = { typist: await typistBusy(), observer: await observerBusy() };
  const profile = process.env.BENCH_LIVE_PROFILE ? await observerProfile?.() : undefined;
  if (profile) fs.writeFileSync(`${process.env.BENCH_LIVE_PROFILE}-${servers.length}-${people}.cpuprofile`, JSON.stringify(profile));
  await Promise.all(background);
  const pressed = (await typist.evaluate(() => (window as unknown as { __pressed: number[] }).__pressed)).map((t) => t);
  const shown = await observer.evaluate(() => (window as unknown as { __shown: number[] }).__shown);
  // Both pages' times on this process's clock.
  const [typistOffset, observerOffset] = [await clockOffset(typist), await clockOffset(observer)];
  const samples = pressed.slice(0, keystrokes).map((t, i) => shown[i]! - observerOffset - (t - typistOffset));
  for (const client of extras) {
    client.provider.destroy();
    client.socket.destroy();
  }
  await typist.context().close();
  await observer.context().close();
  if (process.env.BENCH_LIVE_SAMPLES) console.error(`${servers.length}/${people}: main thread busy ${mainThread.typist} % (typist), ${mainThread.observer} % (observer); ${samples.map((v) => Math.round(v)).join(" ")}`);
  return { p50: pct(samples, 50), p95: pct(samples, 95) };
}

/** Key pressed to the typist's own next frame after the editor changed, with a second person in the check. */
async function ownFrameLatencies(browser: Browser, server: Server, cookies: Map<string, string>, id: string, text: string): Promise<number[]> {
  const typist = await openInBrowser(browser, server.url, cookies.get(`${server.url} ${PEOPLE[0]}`)!, id);
  const other = await openInBrowser(browser, server.url, cookies.get(`${server.url} ${PEOPLE[1]}`)!, id);
  await typist.getByRole("textbox", { name: "Section 1 body" }).click();
  await typist.keyboard.press("Control+End");
  await typist.evaluate(() => {
    const w = window as unknown as { __latencies: number[] };
    w.__latencies = [];
    document.addEventListener(
      "keydown",
      (event) => {
        const start = event.timeStamp;
        document.addEventListener("input", () => requestAnimationFrame(() => w.__latencies.push(performance.now() - start)), { once: true });
      },
      { capture: true },
    );
  });
  for (const char of text) {
    await typist.keyboard.type(char);
    await sleep(60);
  }
  const latencies = await typist.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
  await typist.context().close();
  await other.context().close();
  return latencies;
}

async function main() {
  if (!fs.existsSync(path.join(root, process.env.FACTDESK_DIST_DIR || ".next", "BUILD_ID"))) throw new Error("Build first: npx next build");
  const executablePath = findBrowser()?.path;
  if (!executablePath) throw new Error("No Chromium: install Debian's chromium (apt-get install chromium) or set FACTDESK_CHROMIUM");
  const browser = await chromium.launch({ executablePath, args: chromiumArgs(executablePath) });
  const name = `factdesk_bench_live_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const authSecret = crypto.randomBytes(32).toString("base64url");
  const results: Record<string, unknown> = {};
  try {
    const prepared = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, FACTDESK_DEMO_DATA: "true", AUTH_SECRET: authSecret },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await new Promise((resolve) => prepared.on("exit", resolve));
    for (const instances of (process.env.BENCH_LIVE_INSTANCES || "1,2").split(",").map(Number)) {
      const servers = await startServers(instances, databaseUrl, authSecret);
      try {
        const cookies = new Map<string, string>();
        for (const server of servers) for (const email of PEOPLE) cookies.set(`${server.url} ${email}`, await signIn(server.url, email));
        const writer = cookies.get(`${servers[0]!.url} ${PEOPLE[0]}`)!;
        const sections = Array.from({ length: 10 }, (_, i) => ({ heading: `Part ${i}`, body: para("Start.") }));
        for (const people of ONLY === "own-frame" ? [] : [2, 10]) {
          const check = await createCheck(servers[0]!.url, writer, { question: `Latency ${instances}/${people}?`, sections });
          if (ONLY !== "browser") results[`keystroke to received (Node clients), ${instances} instance(s), ${people} people (ms)`] = await latency(servers, cookies, check, people);
          const inBrowsers = await createCheck(servers[0]!.url, writer, { question: `Browser latency ${instances}/${people}?`, sections });
          results[`key pressed in one browser to the frame in another, ${instances} instance(s), ${people} people (ms)`] = await browserLatency(browser, servers, cookies, inBrowsers, people, KEYS);
        }
        if (instances === 1 && ONLY !== "browser") {
          const sources: string[] = [];
          for (let i = 0; i < 10; i++) {
            const response = await fetch(`${servers[0]!.url}/api/v1/sources`, {
              method: "POST",
              headers: { cookie: writer, origin: servers[0]!.url, "content-type": "application/json" },
              body: JSON.stringify({ url: `https://bench.example.org/${name}/${i}`, title: `Bench source ${i}` }),
            });
            sources.push(((await response.json()) as { id: string }).id);
          }
          const cited = (i: number) => ({
            type: "doc",
            content: [{ type: "paragraph", content: [0, 1, 2, 3, 4].flatMap((k) => [{ type: "text", text: `Finding ${i}.${k}. ` }, { type: "citation", attrs: { sourceId: sources[(i + k) % 10] } }]) }],
          });
          const big = await createCheck(servers[0]!.url, writer, { question: "Big?", sections: Array.from({ length: 40 }, (_, i) => ({ heading: `Section ${i}`, body: cited(i) })) });
          const small = await createCheck(servers[0]!.url, writer, { question: "Small?", sections: [{ heading: "One", body: para("One paragraph.") }, { heading: "Two", body: para("x") }] });
          const bigLatency = ONLY === "own-frame" ? { p50: NaN, p95: NaN } : await latency(servers, cookies, big, 2);
          const smallLatency = ONLY === "own-frame" ? { p50: NaN, p95: NaN } : await latency(servers, cookies, small, 2);
          results["keystroke to received (Node clients), 40 sections and 200 citations (ms)"] = bigLatency;
          results["keystroke to received (Node clients), one paragraph (ms)"] = smallLatency;
          results["40 sections ÷ one paragraph (Node clients, p50)"] = Math.round((bigLatency.p50 / smallLatency.p50) * 100) / 100;
          // In the browser, interleaved: the typist's own frame after each key, a second person in the check.
          const own = { big: [] as number[], small: [] as number[] };
          for (let round = 0; round < 3; round++) {
            own.small.push(...(await ownFrameLatencies(browser, servers[0]!, cookies, small.id, " the quick brown fox jumps over the lazy dog")));
            own.big.push(...(await ownFrameLatencies(browser, servers[0]!, cookies, big.id, " the quick brown fox jumps over the lazy dog")));
          }
          results["key pressed to own frame in the browser, 40 sections and 200 citations (ms)"] = { p50: pct(own.big, 50), p95: pct(own.big, 95), keys: own.big.length };
          results["key pressed to own frame in the browser, one paragraph (ms)"] = { p50: pct(own.small, 50), p95: pct(own.small, 95), keys: own.small.length };
          results["40 sections ÷ one paragraph (browser, p50)"] = Math.round((pct(own.big, 50) / pct(own.small, 50)) * 100) / 100;
          results["40 sections ÷ one paragraph (browser, p95)"] = Math.round((pct(own.big, 95) / pct(own.small, 95)) * 100) / 100;
          for (const shape of ONLY === "own-frame" ? [] : [
            { checks: 1, perSecond: 5 },
            { checks: 1, perSecond: 10 },
            { checks: 10, perSecond: 5 },
          ]) {
            results[`50 people typing ${shape.perSecond} characters a second into ${shape.checks === 1 ? "one check" : `${shape.checks} checks`} for ${SECONDS} s, one instance`] = await load(
              servers[0]!,
              cookies,
              databaseUrl,
              writer,
              shape,
            );
          }
        }
      } finally {
        await stopServers(servers);
      }
    }
  } finally {
    await browser.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
