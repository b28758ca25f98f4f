/**
 * The request boundary against the built server (server.mjs in front of Next.js):
 * a page on another port of the same host cannot make a signed-in editor's
 * browser write; bad and oversized requests get a 4xx in the error shape and
 * the server stays up; per-address limits count the socket's address, and
 * X-Forwarded-For only as far as trusted proxies vouch for it.
 *
 * Requests "from" other clients are sent from other loopback addresses
 * (127.0.0.77, …), so that the limits they trip never touch the browser's 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { approvedCheck, DEMO, expect, test } from "./fixtures";
import { email, reportOutdatedAttempt, send, signInAttempt, type Reply } from "./loopback-client";

const root = path.resolve(__dirname, "..");
const PORT = Number(process.env.FACTDESK_E2E_PORT || 3107);
const BASE = `http://127.0.0.1:${PORT}`;
const ATTACKER_PORT = PORT + 20;
const PROXIED_PORT = PORT + 21;

function expectErrorShape(reply: Reply, status: number, code: string) {
  expect(reply.status, reply.body.slice(0, 300)).toBe(status);
  const error = (JSON.parse(reply.body) as { error: { code: string; message: string } }).error;
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
}

async function statusOf(request: APIRequestContext, id: string): Promise<string> {
  return ((await (await request.get(`/api/v1/fact-checks/${id}`)).json()) as { status: string }).status;
}

test.describe("a page on another port of the same host", () => {
  let attacker: http.Server;
  let page = "";
  test.beforeAll(async () => {
    attacker = http.createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
    await new Promise<void>((resolve) => attacker.listen(ATTACKER_PORT, "127.0.0.1", resolve));
  });
  test.afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

  test("cannot make a signed-in editor's browser publish or create a check; the editor's own clicks still work", async ({ as }) => {
    const writer = await as(DEMO.writer);
    const question = `Can a page on another port publish this? ${crypto.randomBytes(4).toString("hex")}`;
    const id = await approvedCheck(writer, await as(DEMO.reviewer), { question, summary: "No.", body: "The origin check." });
    const editor = await as(DEMO.editor);
    const forged = `Forged through text/plain ${crypto.randomBytes(4).toString("hex")}?`;
    page = `<!doctype html><title>A game</title>
      <form id="publish" method="post" action="${BASE}/api/v1/fact-checks/${id}/publish"></form>
      <form id="report" method="post" action="${BASE}/fact-checks/does-a-four-day-school-week-improve-test-scores/report"><input name="note" value="forged"></form>
      <script>
        fetch(${JSON.stringify(`${BASE}/api/v1/fact-checks`)}, { method: "POST", mode: "no-cors", credentials: "include",
          headers: { "Content-Type": "text/plain; application/json" }, body: JSON.stringify({ question: ${JSON.stringify(forged)} }) })
          .finally(() => fetch(${JSON.stringify(`${BASE}/api/v1/fact-checks/${id}/refresh`)}, { method: "POST", mode: "no-cors", credentials: "include" }))
          .finally(() => document.getElementById("publish").submit());
      </script>`;
    const landed = editor.waitForResponse((r) => r.url().endsWith(`/api/v1/fact-checks/${id}/publish`));
    await editor.goto(`http://127.0.0.1:${ATTACKER_PORT}/`);
    const publishAttempt = await landed;
    expect(publishAttempt.status()).toBe(403);
    expect(((await publishAttempt.json()) as { error: { code: string } }).error.code).toBe("forbidden");

    // What is stored: still approved, nothing created.
    expect(await statusOf(editor.request, id)).toBe("approved");
    const desk = (await (await editor.request.get("/api/v1/fact-checks")).json()) as Record<"data" | "waiting", { question: string }[]>;
    expect([...desk.data, ...desk.waiting].map((c) => c.question)).not.toContain(forged);

    // The report form, posted from that page, is refused too.
    const report = await editor.request.fetch(`${BASE}/fact-checks/does-a-four-day-school-week-improve-test-scores/report`, {
      method: "POST",
      headers: { origin: `http://127.0.0.1:${ATTACKER_PORT}`, "content-type": "application/x-www-form-urlencoded" },
      data: "note=forged",
      maxRedirects: 0,
    });
    expect(report.status()).toBe(403);

    // The editor, on the site itself, publishes it with a click.
    await editor.goto(`/desk/fact-checks/${id}/publish`);
    await editor.getByRole("button", { name: "Publish" }).click();
    await expect(editor.getByRole("status").filter({ hasText: /Version 1 is live/ })).toBeVisible();
    expect(await statusOf(editor.request, id)).toBe("published");
  });
});

test.describe("bad requests get a 4xx in the error shape, and the server stays up", () => {
  const actionId = (() => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, process.env.FACTDESK_DIST_DIR || ".next", "server", "server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { exportedName?: string }>;
    };
    return Object.entries(manifest.node).find(([, action]) => action.exportedName === "signInAction")![0];
  })();
  const action = (headers: Record<string, string>, body?: string | Buffer | Buffer[]) =>
    send(`${BASE}/login`, { method: "POST", headers: { "next-action": actionId, origin: BASE, ...headers }, body });

  test("server actions: a garbage body (400), a foreign Origin (403), an oversized body, declared or chunked (413)", async () => {
    expectErrorShape(await action({ "content-type": "text/plain;charset=UTF-8" }, "garbage{{{"), 400, "invalid");
    expectErrorShape(await action({ "content-type": "text/plain;charset=UTF-8" }, '{"not":"an array"}'), 400, "invalid");
    expectErrorShape(await action({ "content-type": "multipart/form-data; boundary=xx" }, "--xx\r\ngarbage"), 400, "invalid");
    expectErrorShape(await action({ "content-type": "text/plain;charset=UTF-8", origin: "http://127.0.0.1:9" }, '["$K1"]'), 403, "forbidden");
    const big = Buffer.alloc(2 * 1024 * 1024, "a");
    expectErrorShape(await action({ "content-type": "text/plain;charset=UTF-8" }, big), 413, "too_large");
    const chunked = await action({ "content-type": "text/plain;charset=UTF-8", "transfer-encoding": "chunked" }, Array.from({ length: 320 }, () => Buffer.alloc(64 * 1024, "a")));
    expectErrorShape(chunked, 413, "too_large");
    expect((await send(`${BASE}/api/health`)).status).toBe(200);
  });

  test("a NUL (%00) in a slug, a version number or a search query gets 400", async () => {
    for (const url of ["/fact-checks/%00", "/fact-checks/a%00b/versions/1", "/fact-checks/does-a-four-day-school-week-improve-test-scores/versions/%00", "/search?q=%00", "/api/v1/sources?q=%00"]) {
      expectErrorShape(await send(`${BASE}${url}`), 400, "invalid");
    }
    expect((await send(`${BASE}/search?q=school`)).status).toBe(200);
  });

  test("ten parallel 20 MB reports are refused before they are read: declared (at once) and chunked (at the cap)", async () => {
    const url = `${BASE}/fact-checks/does-a-four-day-school-week-improve-test-scores/report`;
    const headers = { "content-type": "application/x-www-form-urlencoded", origin: BASE };
    const twentyMb = 20 * 1024 * 1024;
    // The declared ones send their headers and one 64 KB piece: the answer comes without the rest.
    // The chunked ones write 2 MB (twice the cap) and then wait for the answer before writing the rest.
    const declared = Array.from({ length: 5 }, () =>
      send(url, { method: "POST", headers: { ...headers, "content-length": String(twentyMb) }, body: [Buffer.alloc(64 * 1024, "a")], localAddress: "127.0.0.81" }),
    );
    const chunked = Array.from({ length: 5 }, () =>
      send(url, { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" }, body: Array.from({ length: 320 }, () => Buffer.alloc(64 * 1024, "a")), localAddress: "127.0.0.82", holdAfter: 2 * 1024 * 1024 }),
    );
    // Neither kind sends the rest before it is answered, so an answer at all means it came without it
    // (a server that read to the end would answer only after the 30 s hold, with all 20 MB sent).
    for (const reply of await Promise.all(declared)) expectErrorShape(reply, 413, "too_large");
    for (const reply of await Promise.all(chunked)) {
      expectErrorShape(reply, 413, "too_large");
      expect(reply.sent).toBeLessThan(twentyMb);
    }
    expect((await send(`${BASE}/api/health`)).status).toBe(200);
  });
});

test("with no trusted proxy, a client-set X-Forwarded-For is ignored: the sign-in limit per address still trips", async () => {
  test.setTimeout(60_000);
  const from = "127.0.0.77";
  for (let i = 0; i < 10; i++) {
    expect(await signInAttempt(BASE, { email: email(), localAddress: from, forwardedFor: `198.51.100.${i}` })).toBe("refused");
  }
  expect(await signInAttempt(BASE, { email: email(), localAddress: from, forwardedFor: "198.51.100.200" })).toBe("rate_limited");
  // The header the server hands its address in is replaced too.
  expect(await signInAttempt(BASE, { email: email(), localAddress: from, forwardedFor: "198.51.100.201" })).toBe("rate_limited");
  expect(await signInAttempt(BASE, { email: email(), localAddress: "127.0.0.78" })).toBe("refused");
});

test.describe("behind a trusted proxy", () => {
  // The proxy is 127.0.0.200 (and the one before it 127.0.0.201); clients are what they appended.
  const PROXIED = `http://127.0.0.1:${PROXIED_PORT}`;
  const dataDir = path.join(os.tmpdir(), `factdesk-e2e-proxied-${crypto.randomBytes(6).toString("hex")}`);
  let server: ChildProcess;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const env = { ...process.env, DATABASE_URL: "", FACTDESK_DATA_DIR: dataDir, AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" };
    const prepared = spawnSync(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/prepare-db.ts"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    expect(prepared.status, "migrating and loading the demo data").toBe(0);
    server = spawn(process.execPath, ["server.mjs", "--port", String(PROXIED_PORT), "--hostname", "127.0.0.1"], {
      cwd: root,
      env: { ...env, FACTDESK_TRUSTED_PROXIES: "127.0.0.200, 127.0.0.201/32" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`The proxied server exited (${server.exitCode})`);
      if ((await send(`${PROXIED}/api/health`).catch(() => null))?.status === 200) break;
      if (Date.now() > deadline) throw new Error("The proxied server did not answer within a minute");
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      await new Promise<void>((resolve) => {
        server.once("exit", () => resolve());
        server.kill("SIGTERM");
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test("the sign-in limit counts the right-most address that is not a trusted proxy, never the left-most", async () => {
    test.setTimeout(60_000);
    const proxy = "127.0.0.200";
    // Client 203.0.113.9 behind two proxies, writing a different left-most entry each time.
    for (let i = 0; i < 10; i++) {
      expect(await signInAttempt(PROXIED, { email: email(), localAddress: proxy, forwardedFor: `10.9.9.${i}, 203.0.113.9, 127.0.0.201` })).toBe("refused");
    }
    expect(await signInAttempt(PROXIED, { email: email(), localAddress: proxy, forwardedFor: "10.9.9.99, 203.0.113.9, 127.0.0.201" })).toBe("rate_limited");
    // Another client behind the same proxies, with the same left-most entry as before, is not limited.
    expect(await signInAttempt(PROXIED, { email: email(), localAddress: proxy, forwardedFor: "10.9.9.0, 203.0.113.10, 127.0.0.201" })).toBe("refused");
  });

  test("reader reports count the same address: the right-most untrusted one through the proxy, the socket otherwise", async () => {
    const report = (localAddress: string, forwardedFor: string) =>
      reportOutdatedAttempt(PROXIED, "does-a-four-day-school-week-improve-test-scores", { localAddress, headers: { "x-forwarded-for": forwardedFor } });
    expect(await report("127.0.0.200", "6.6.6.1, 203.0.113.20")).toBe("recorded");
    expect(await report("127.0.0.200", "6.6.6.2, 203.0.113.20")).toBe("already_reported");
    expect(await report("127.0.0.200", "6.6.6.1, 203.0.113.21")).toBe("recorded");
    // Not from a trusted proxy: the header is the client's own and is not read.
    expect(await report("127.0.0.90", "203.0.113.30")).toBe("recorded");
    expect(await report("127.0.0.90", "203.0.113.31")).toBe("already_reported");
  });
});
