/**
 * lib/api-client.ts against the real route handlers: what the server answers
 * reads with the shared schemas, and every failure arrives as one ApiError.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError, requestJson } from "@/lib/api-client";
import { createApiToken } from "@/lib/server/api-tokens";
import { referenceSourceListSchema, referenceSourceSchema, sourceDtoSchema } from "@/lib/source-input";
import { fetchFromRoutes, loadApiRoutes } from "../api-client";
import { useTestDatabase } from "../db";
import { createWriter } from "../factories";

useTestDatabase();

let api: ReturnType<typeof fetchFromRoutes>;

beforeAll(async () => {
  const writer = await createWriter();
  const { token } = await createApiToken({ actor: writer.actor, input: { name: "api client" } });
  api = fetchFromRoutes(await loadApiRoutes(), { authorization: `Bearer ${token}` });
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const tag = () => Math.random().toString(36).slice(2, 10);

describe("requestJson", () => {
  it("returns a created source as the shared schema reads it, and finds it again by id and by search", async () => {
    const t = tag();
    const created = await requestJson("/api/v1/sources", sourceDtoSchema, {
      method: "POST",
      body: { url: `https://example.org/report/${t}`, title: `Annual report ${t}`, publisher: "Statistics office" },
      fetch: api,
    });
    expect(created).toMatchObject({ url: `https://example.org/report/${t}`, title: `Annual report ${t}`, publisher: "Statistics office", status: "live" });
    const byId = await requestJson(`/api/v1/sources?ids=${created.id}`, referenceSourceListSchema, { fetch: api });
    expect(byId.data).toEqual([referenceSourceSchema.parse(created)]);
    const found = await requestJson(`/api/v1/sources?q=${encodeURIComponent(`Annual report ${t}`)}&limit=5`, referenceSourceListSchema, { fetch: api });
    expect(found.data.map((s) => s.id)).toContain(created.id);
  });

  it("throws the API's error with its code, message and per-field messages (400 invalid)", async () => {
    const error = await failure(requestJson("/api/v1/sources", sourceDtoSchema, { method: "POST", body: { url: "not a url", title: "" }, fetch: api }));
    expect([error.status, error.code]).toEqual([400, "invalid"]);
    expect(error.message).toBe("Check the highlighted fields");
    expect(Object.keys(error.fields).sort()).toEqual(["title", "url"]);
    expect(error.fields.title).toBe("Enter the source's title");
  });

  it("keeps what else the error said: a duplicate URL's 409 names the source already in the library", async () => {
    const t = tag();
    const body = { url: `https://example.org/dup/${t}`, title: `Duplicate ${t}` };
    const first = await requestJson("/api/v1/sources", sourceDtoSchema, { method: "POST", body, fetch: api });
    const error = await failure(requestJson("/api/v1/sources", sourceDtoSchema, { method: "POST", body, fetch: api }));
    expect([error.status, error.code, error.details.sourceId]).toEqual([409, "conflict", first.id]);
  });

  it("turns an answer that does not read as the schema says into unexpected_response", async () => {
    const error = await failure(requestJson("/api/v1/sources?ids=", sourceDtoSchema, { fetch: api }));
    expect([error.status, error.code]).toEqual([200, "unexpected_response"]);
    const notJson = await failure(requestJson("/x", sourceDtoSchema, { fetch: async () => new Response("<html>Bad gateway</html>", { status: 502 }) }));
    expect([notJson.status, notJson.code, notJson.message]).toEqual([502, "unexpected_response", "The server answered 502. Try again."]);
  });

  it("turns no answer into network (status 0), and lets a caller's abort through as the AbortError", async () => {
    const offline = await failure(requestJson("/api/v1/sources", referenceSourceListSchema, { fetch: () => Promise.reject(new TypeError("fetch failed")) }));
    expect([offline.status, offline.code]).toEqual([0, "network"]);
    const controller = new AbortController();
    controller.abort();
    const aborted = await requestJson("/api/v1/sources", referenceSourceListSchema, { signal: controller.signal, fetch: (_, init) => fetch("http://127.0.0.1:9/", init) }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ name: "AbortError" });
  });

  it("throws 401 for an unknown token as an ApiError too", async () => {
    const signedOut = fetchFromRoutes(await loadApiRoutes(), { authorization: "Bearer fd_not-a-token" });
    const error = await failure(requestJson("/api/v1/sources", referenceSourceListSchema, { fetch: signedOut }));
    expect([error.status, error.code]).toEqual([401, "unauthorized"]);
  });
});
