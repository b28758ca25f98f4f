/** The purge hook (lib/purge-hook.mjs) against a purge endpoint of the test's own on loopback. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPurgeHook, purgeHookFromEnv } from "./purge-hook.mjs";

type Received = { at: number; authorization?: string; contentType?: string; body: { tags: string[] } };

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

/** A purge endpoint that answers each request with the next of `statuses` (then 200) and records it. */
async function endpoint(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ at: Date.now(), authorization: req.headers.authorization, contentType: req.headers["content-type"], body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.statusCode = statuses.shift() ?? 200;
      res.end(JSON.stringify({ success: res.statusCode === 200 }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`, received };
}

describe("the purge hook", () => {
  it("posts the public tags with the secret, at once and once more after the repeat delay", async () => {
    const { url, received } = await endpoint();
    const hook = createPurgeHook({ url, secret: "s3cret", repeatAfterMs: 150 });
    const start = Date.now();
    hook.purge(["public:check:1", "_N_T_/layout", "public:lists", "public:check:1"]);
    await hook.settled();
    expect(received.map((r) => [r.authorization, r.contentType, r.body])).toEqual([
      ["Bearer s3cret", "application/json", { tags: ["public:check:1", "public:lists"] }],
      ["Bearer s3cret", "application/json", { tags: ["public:check:1", "public:lists"] }],
    ]);
    expect(received[1]!.at - start).toBeGreaterThanOrEqual(140);
  });

  it("sends nothing for tags no CDN has (Next.js's own)", async () => {
    const { url, received } = await endpoint();
    const hook = createPurgeHook({ url, secret: "s", repeatAfterMs: 0 });
    hook.purge(["_N_T_/layout", "_N_T_/fact-checks/[slug]/page"]);
    await hook.settled();
    expect(received).toEqual([]);
  });

  it("sends at most 30 tags a request", async () => {
    const { url, received } = await endpoint();
    const hook = createPurgeHook({ url, secret: "s", repeatAfterMs: 0 });
    const tags = Array.from({ length: 65 }, (_, i) => `public:check:${i}`);
    hook.purge(tags);
    await hook.settled();
    expect(received.map((r) => r.body.tags.length).sort((a, b) => b - a)).toEqual([30, 30, 5]);
    expect(received.flatMap((r) => r.body.tags).sort()).toEqual([...tags].sort());
  });

  it("tries a failing request again, then says in one line that it gave up", async () => {
    const lines: string[] = [];
    const failing = await endpoint([503, 500, 502]);
    const hook = createPurgeHook({ url: failing.url, secret: "s", repeatAfterMs: 0, retryMs: 10, log: { error: (line: string) => lines.push(line) } });
    hook.purge(["public"]);
    await hook.settled();
    expect(failing.received).toHaveLength(3);
    expect(lines).toEqual([`Purge hook: could not purge public at ${new URL(failing.url).origin} (HTTP 502); a CDN keeps those pages until their s-maxage ends`]);

    const recovering = await endpoint([503]);
    const again = createPurgeHook({ url: recovering.url, secret: "s", repeatAfterMs: 0, retryMs: 10, log: { error: (line: string) => lines.push(line) } });
    again.purge(["public"]);
    await again.settled();
    expect([recovering.received.length, lines.length]).toEqual([2, 1]);
  });

  it("gives up on an endpoint that does not answer, after its timeout", async () => {
    const lines: string[] = [];
    const silent = http.createServer(() => {});
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const hook = createPurgeHook({ url, secret: "s", repeatAfterMs: 0, retryMs: 1, timeoutMs: 50, log: { error: (line: string) => lines.push(line) } });
    hook.purge(["public"]);
    await hook.settled();
    silent.closeAllConnections();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Purge hook: could not purge public at http:\/\/127\.0\.0\.1:\d+ \(.*(timeout|aborted).*\)/i);
  });
});

describe("purgeHookFromEnv", () => {
  it("is off without a URL, and refuses a URL without a secret, a URL of another scheme, or a bad repeat", () => {
    expect(purgeHookFromEnv({})).toBeNull();
    expect(purgeHookFromEnv({ FACTDESK_PURGE_URL: "http://127.0.0.1:1/purge", FACTDESK_PURGE_SECRET: "s" })).not.toBeNull();
    expect(() => purgeHookFromEnv({ FACTDESK_PURGE_URL: "http://127.0.0.1:1/purge" })).toThrow("FACTDESK_PURGE_URL is set without FACTDESK_PURGE_SECRET");
    expect(() => purgeHookFromEnv({ FACTDESK_PURGE_URL: "ftp://127.0.0.1/", FACTDESK_PURGE_SECRET: "s" })).toThrow("must be an http:// or https:// URL");
    expect(() => purgeHookFromEnv({ FACTDESK_PURGE_URL: "not a url", FACTDESK_PURGE_SECRET: "s" })).toThrow("FACTDESK_PURGE_URL is not a URL");
    expect(() => purgeHookFromEnv({ FACTDESK_PURGE_URL: "https://127.0.0.1/", FACTDESK_PURGE_SECRET: "s", FACTDESK_PURGE_REPEAT_MS: "soon" })).toThrow("FACTDESK_PURGE_REPEAT_MS");
  });
});
