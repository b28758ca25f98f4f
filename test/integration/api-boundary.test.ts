/**
 * The API's door, through its route handlers: which writes a cookie may make
 * (origin), what a write may send (JSON only, 1 MiB at most, no NUL), and the
 * limits per caller (429 with Retry-After), counted in the database so that
 * they hold across app instances.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/api-tokens";
import { createFactCheck } from "@/lib/server/fact-checks";
import { consumeApiRequest, setApiLimits, type ApiLimits } from "@/lib/server/rate-limits";
import { DomainError } from "@/lib/server/errors";
import { callRoute, findRoute, loadApiRoutes, type ApiRoute } from "../api-client";
import { useTestDatabase } from "../db";
import { createEditor } from "../factories";
import { createApprovedCheck, type Team } from "./publishing-fixtures";
import { createReviewer, createWriter } from "../factories";

useTestDatabase();

let routes: ApiRoute[];
let token: string;
let team: Team;
const route = (pattern: string) => findRoute(routes, pattern);
const bearer = () => ({ authorization: `Bearer ${token}` });
const json = { "content-type": "application/json" };

beforeAll(async () => {
  routes = await loadApiRoutes();
  team = { writer: (await createWriter()).actor, reviewer: (await createReviewer()).actor, editor: (await createEditor()).actor };
  token = (await createApiToken({ actor: team.editor, input: { name: "tests" } })).token;
});

afterEach(() => setApiLimits(undefined));

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("a write with the session cookie", () => {
  it.each([
    ["a page on another port of the same host", { origin: "http://127.0.0.1:4000", "sec-fetch-site": "same-site" }],
    ["an origin alone, no Sec-Fetch-Site (an older browser)", { origin: "http://127.0.0.1:4000" }],
    ["an opaque origin (a sandboxed frame)", { origin: "null" }],
    ["Sec-Fetch-Site cross-site alone", { "sec-fetch-site": "cross-site" }],
  ])("from %s is refused with 403 before anything else", async (_, headers) => {
    const check = await createApprovedCheck(team);
    for (const [pattern, method] of [
      ["/api/v1/fact-checks/[id]/publish", "POST"],
      ["/api/v1/fact-checks", "POST"],
      ["/api/v1/fact-checks/[id]", "PATCH"],
    ] as const) {
      const response = await callRoute(route(pattern), method, { params: { id: check.id }, headers: { ...headers, "content-type": "text/plain" }, body: "" });
      expect(response.status, `${method} ${pattern}`).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
    }
  });
});

describe("a write's body", () => {
  it("must be exactly application/json: text/plain; application/json and form posts get 415", async () => {
    for (const type of ["text/plain; application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]) {
      const response = await callRoute(route("/api/v1/fact-checks"), "POST", {
        headers: { ...bearer(), "content-type": type },
        body: JSON.stringify({ question: "Smuggled in?" }),
      });
      expect(response.status, type).toBe(415);
      expect((await errorOf(response)).code).toBe("unsupported_media_type");
    }
    const ok = await callRoute(route("/api/v1/fact-checks"), "POST", {
      headers: { ...bearer(), "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ question: "Sent as JSON?" }),
    });
    expect(ok.status).toBe(201);
  });

  it("of POST /publish: none at all is {}; an empty form post is not", async () => {
    const check = await createApprovedCheck(team);
    const publish = route("/api/v1/fact-checks/[id]/publish");
    const form = await callRoute(publish, "POST", { params: { id: check.id }, headers: { ...bearer(), "content-type": "application/x-www-form-urlencoded" }, body: "" });
    expect(form.status).toBe(415);
    const text = await callRoute(publish, "POST", { params: { id: check.id }, headers: bearer(), body: "changeNote=x" });
    expect(text.status).toBe(415);
    const none = await callRoute(publish, "POST", { params: { id: check.id }, headers: bearer() });
    expect(none.status).toBe(201);
  });

  it("over 1 MiB gets 413, from its Content-Length or while it streams", async () => {
    const big = JSON.stringify({ question: "Big?", topic: "x".repeat(1024 * 1024) });
    const declared = await callRoute(route("/api/v1/fact-checks"), "POST", { headers: { ...bearer(), ...json, "content-length": String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe("too_large");

    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 10_000) return controller.close();
        controller.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
      },
    });
    const streamed = await callRoute(route("/api/v1/fact-checks"), "POST", { headers: { ...bearer(), ...json }, body: stream });
    expect(streamed.status).toBe(413);
    // Stopped at the cap, not after 625 MB.
    expect(pulled).toBeLessThan(40);
  });

  it("with a NUL character in a field is refused per field with 400, and nothing is stored", async () => {
    const check = await createFactCheck({ actor: team.editor, input: { question: "Before the NUL?" } });
    const response = await callRoute(route("/api/v1/fact-checks/[id]"), "PATCH", {
      params: { id: check.id },
      headers: { ...bearer(), ...json },
      body: JSON.stringify({ version: check.version, question: "After\u0000?", sections: [{ heading: "ok", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a\u0000b" }] }] } }] }),
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.fields).toEqual({
      question: "Remove the NUL character (U+0000)",
      "sections.0.body.content.0.content.0.text": "Remove the NUL character (U+0000)",
    });
    const comment = await callRoute(route("/api/v1/fact-checks/[id]/comments"), "POST", { params: { id: check.id }, headers: { ...bearer(), ...json }, body: JSON.stringify({ body: "hi\u0000" }) });
    expect(comment.status).toBe(400);
    const read = await callRoute(route("/api/v1/fact-checks/[id]"), "GET", { params: { id: check.id }, headers: bearer() });
    expect(((await read.json()) as { question: string }).question).toBe("Before the NUL?");
  });

  it("nested 5,000 levels deep gets 400", async () => {
    const deep = `{"question":"Deep?","summary":${'{"type":"blockquote","content":['.repeat(5_000)}${"]}".repeat(5_000)}}`;
    const response = await callRoute(route("/api/v1/fact-checks"), "POST", { headers: { ...bearer(), ...json }, body: deep });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toMatch(/nested more than 64 levels/);
  });

  it("a NUL (%00) in an id or a query gets 400", async () => {
    for (const [pattern, params, query] of [
      ["/api/v1/fact-checks/[id]", { id: "a\u0000b" }, ""],
      ["/api/v1/sources/[id]", { id: "\u0000" }, ""],
      ["/api/v1/sources", {}, "?q=%00"],
      ["/api/v1/refresh-queue", {}, "?topic=a%00"],
    ] as const) {
      const response = await callRoute(route(pattern), "GET", { params, query, headers: bearer() });
      expect(response.status, `${pattern} ${query}`).toBe(400);
    }
  });

  it("a refresh scheduled for the year 99999 gets 400", async () => {
    const response = await callRoute(route("/api/v1/fact-checks/[id]/schedule"), "PUT", {
      params: { id: (await createApprovedCheck(team)).id },
      headers: { ...bearer(), ...json },
      body: JSON.stringify({ nextRefreshAt: "99999-01-01", assigneeId: team.editor.id }),
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).fields).toHaveProperty("nextRefreshAt");
  });
});

describe("rate limits", () => {
  const tight: ApiLimits = {
    session: { read: { points: 50, seconds: 60 }, write: { points: 50, seconds: 60 } },
    token: { read: { points: 3, seconds: 60 }, write: { points: 2, seconds: 60 } },
  };

  it("a token over its limit gets 429 with Retry-After and the usual error body; reads and writes count apart", async () => {
    setApiLimits(tight);
    const { token: fresh } = await createApiToken({ actor: team.editor, input: { name: "a script" } });
    const headers = { authorization: `Bearer ${fresh}` };
    const list = route("/api/v1/fact-checks");
    for (let i = 0; i < 3; i++) expect((await callRoute(list, "GET", { headers })).status).toBe(200);
    const refused = await callRoute(list, "GET", { headers });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: { code: "rate_limited", message: expect.stringMatching(/at most 3 a minute/), retryAfter } });

    const write = () => callRoute(list, "POST", { headers: { ...headers, ...json }, body: JSON.stringify({ question: `Limited ${Math.random()}?` }) });
    expect((await write()).status).toBe(201);
    expect((await write()).status).toBe(201);
    expect((await write()).status).toBe(429);
    // Another token of the same person has its own allowance.
    const { token: other } = await createApiToken({ actor: team.editor, input: { name: "another script" } });
    expect((await callRoute(list, "GET", { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);
  });

  it("holds across app instances and parallel requests: the count lives in the database", async () => {
    const caller = { via: "token" as const, tokenId: `parallel-${Math.random()}` };
    const limits: ApiLimits = { ...tight, token: { ...tight.token, read: { points: 5, seconds: 60 } } };
    const outcomes: string[] = [];
    // Each setApiLimits makes new limiters, as a second instance of the app would: they share nothing but the database.
    for (const instance of [1, 2]) {
      setApiLimits(limits);
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => consumeApiRequest({ caller, write: false })));
      outcomes.push(...results.map((r) => (r.status === "fulfilled" ? `ok` : r.reason instanceof DomainError ? r.reason.code : String(r.reason))));
      void instance;
    }
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(7);
  });
});
