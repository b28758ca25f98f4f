/**
 * Throws generated requests at every API route (found on disk: a new route is
 * covered without being listed) through its real handler and domain layer:
 * random JSON, valid bodies with one field replaced, deep nesting, NUL
 * characters, huge strings, wrong types, odd content types, odd ids and
 * queries. No answer may be a 500, and every refusal has the API's error shape.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/api-tokens";
import { addComment } from "@/lib/server/comments";
import { setApiLimits } from "@/lib/server/rate-limits";
import { loadApiRoutes, callRoute, type ApiRoute } from "../api-client";
import { useTestDatabase } from "../db";
import { createAdmin, createReviewer, createWriter } from "../factories";
import { createApprovedCheck, createSource, type Team } from "./publishing-fixtures";

useTestDatabase();

const routes = await loadApiRoutes();
let token: string;
const ids: Record<string, string[]> = { id: [], commentId: [] };

beforeAll(async () => {
  // The limits are not under test here: a few hundred requests must all reach the handlers.
  const roomy = { points: 100_000, seconds: 60 };
  setApiLimits({ session: { read: roomy, write: roomy }, token: { read: roomy, write: roomy } });
  const admin = await createAdmin();
  const team: Team = { writer: (await createWriter()).actor, reviewer: (await createReviewer()).actor, editor: admin.actor };
  token = (await createApiToken({ actor: admin.actor, input: { name: "fuzz" } })).token;
  const check = await createApprovedCheck(team);
  const comment = await addComment({ actor: admin.actor, id: check.id, input: { body: "A first comment" } });
  const source = await createSource();
  ids.id = [check.id, source.id];
  ids.commentId = [comment.id];
});

afterAll(() => setApiLimits(undefined));

const FIELDS = [
  "question", "topic", "summary", "sections", "relatedQuestions", "refreshIntervalDays", "claimReviewed", "verdict",
  "claimAppearance", "version", "reviewerIds", "note", "decision", "comment", "body", "sectionId", "quote", "prefix",
  "suffix", "parentId", "resolved", "changeNote", "nextRefreshAt", "assigneeId", "questionId", "url", "title",
  "publisher", "author", "publishedOn", "lastVerifiedOn", "archivedUrl", "notes", "status", "statusNote", "ids", "heading",
];

const nul = fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`);
const dateLike = fc.constantFrom("99999-01-01", "2026-13-45", "0000-00-00", "2026-02-30", "+099999-01-01", "2026-06-01T25:00:00Z", "-1");
const leaf = fc.oneof(
  fc.string({ maxLength: 40 }),
  nul,
  dateLike,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
  fc.constant("x".repeat(300_000)),
);
const value = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS, "type", "content", "text", "attrs"), leaf, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constant({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a\u0000b" }] }] }) },
);

/** Something close to a valid body: the right names, wrong or hostile values. */
const fields = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }).map((o) => JSON.stringify(o));
const deep = fc.tuple(fc.integer({ min: 60, max: 6_000 }), fc.constantFrom("[", '{"a":', '{"type":"blockquote","content":[')).map(([n, open]) => {
  const close = open === "[" ? "]" : open === '{"a":' ? "}" : "]}";
  return `{"question":"Deep?","summary":${open.repeat(n)}1${close.repeat(n)}}`;
});
const body = fc.oneof(
  { weight: 4, arbitrary: fields },
  { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom("", "null", "[]", "{}", '"\\u0000"', '{"question":"\\u0000"}', "{".repeat(10_000)) },
  { weight: 1, arbitrary: fc.constant(`{"question":"${"q".repeat(1_100_000)}"}`) },
);
const contentType = fc.constantFrom<string | undefined>(
  "application/json", "application/json", "application/json; charset=utf-8", undefined, "text/plain",
  "text/plain; application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json, text/plain",
);
const param = (name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(ids[name] ?? ["x"])) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), nul, fc.uuid(), fc.constant("%00"), fc.constant("x".repeat(5_000))) },
  );
const query = fc.oneof(
  fc.constant(""),
  fc.dictionary(fc.constantFrom("q", "ids", "status", "sort", "limit", "offset", "topic", "assigneeId", "reason", "role"), fc.oneof(fc.string({ maxLength: 20 }), nul, fc.constant("-1"), fc.constant("99999999999999999999")), { maxKeys: 3 }).map(
    (o) => `?${new URLSearchParams(o)}`,
  ),
);

function requests(route: ApiRoute) {
  return fc.record({
    method: fc.constantFrom(...Object.keys(route.methods)),
    params: fc.record(Object.fromEntries(route.params.map((name) => [name, param(name)]))),
    query,
    contentType,
    body,
  });
}

describe.each(routes.map((route) => [route.pattern, route] as const))("%s", (_, route) => {
  it("answers generated requests with a 4xx or a success, never a 500", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(requests(route), async ({ method, params, query, contentType, body }) => {
        const reads = method === "GET" || method === "DELETE";
        const response = await callRoute(route, method, {
          params: params as Record<string, string>,
          query,
          headers: { authorization: `Bearer ${token}`, ...(contentType && !reads ? { "content-type": contentType } : {}) },
          body: reads ? null : body,
        });
        expect(response.status, `${method} ${route.pattern}`).toBeLessThan(500);
        if (response.status >= 400) {
          const error = ((await response.json()) as { error?: { code?: unknown; message?: unknown } }).error;
          expect(typeof error?.code).toBe("string");
          expect(typeof error?.message).toBe("string");
        }
      }),
      { numRuns: 25 },
    );
  });
});

it("covers every route file", () => {
  expect(routes.length).toBeGreaterThanOrEqual(14);
});
