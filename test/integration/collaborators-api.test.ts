/**
 * The co-writer API as clients call it: the route handlers themselves, with a
 * personal API token, on a real database. Status codes and bodies of
 * `POST/DELETE /api/v1/fact-checks/:id/collaborators[/:userId]`, and
 * `collaboratorIds` in the check's reads.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { factCheckCollaborators } from "@/db/schema";
import { GET as getCollaborators, POST as postCollaborator } from "@/app/api/v1/fact-checks/[id]/collaborators/route";
import { DELETE as deleteCollaborator } from "@/app/api/v1/fact-checks/[id]/collaborators/[userId]/route";
import { GET as getCheck } from "@/app/api/v1/fact-checks/[id]/route";
import { GET as listChecks } from "@/app/api/v1/fact-checks/route";
import { createApiToken } from "@/lib/server/api-tokens";
import { useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createReadyCheck, submit } from "./review-fixtures";

const db = useTestDatabase();

let owner: TestUser, coWriter: TestUser, stranger: TestUser, reviewer: TestUser, editor: TestUser, disabled: TestUser;
const tokens = new Map<string, string>();

beforeAll(async () => {
  owner = await createWriter();
  coWriter = await createWriter();
  stranger = await createWriter();
  reviewer = await createReviewer();
  editor = await createEditor();
  disabled = await createWriter({ disabledAt: new Date() });
  for (const user of [owner, coWriter, stranger, reviewer, editor]) {
    tokens.set(user.id, (await createApiToken({ actor: user.actor, input: { name: "test" } })).token);
  }
});

type Call = { status: number; body: unknown };

async function call(
  handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>,
  { as, method = "GET", params, body }: { as: TestUser | null; method?: string; params: Record<string, string>; body?: unknown },
): Promise<Call> {
  const headers: Record<string, string> = { authorization: `Bearer ${as ? tokens.get(as.id) : "fdk_nobody"}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new Request("http://127.0.0.1/api/v1/test", { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const post = (as: TestUser | null, id: string, body: unknown) =>
  call(postCollaborator as never, { as, method: "POST", params: { id }, body });
const del = (as: TestUser | null, id: string, userId: string) =>
  call(deleteCollaborator as never, { as, method: "DELETE", params: { id, userId } });

describe("POST /api/v1/fact-checks/:id/collaborators", () => {
  it("answers 201 with the co-writers, and the check's reads carry collaboratorIds", async () => {
    const check = await createReadyCheck(owner.actor);
    const added = await post(owner, check.id, { userId: coWriter.id });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      data: [
        {
          id: coWriter.id,
          name: coWriter.name,
          email: coWriter.email,
          role: "writer",
          disabled: false,
          addedAt: expect.any(String),
          addedByName: owner.name,
        },
      ],
    });

    const read = await call(getCheck as never, { as: coWriter, params: { id: check.id } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: check.id, ownerId: owner.id, collaboratorIds: [coWriter.id] });
    const list = await call(listChecks as never, { as: coWriter, params: {} });
    expect((list.body as { data: { id: string; role: string; collaboratorIds: string[] }[] }).data.find((c) => c.id === check.id)).toMatchObject({
      role: "collaborator",
      collaboratorIds: [coWriter.id],
    });
    const people = await call(getCollaborators as never, { as: coWriter, params: { id: check.id } });
    expect(people.status).toBe(200);
    expect(people.body).toMatchObject({ owner: { id: owner.id }, assignee: null, data: [{ id: coWriter.id }] });
  });

  it.each([
    ["a missing userId", 400, "invalid", {}],
    ["a malformed userId", 400, "invalid", { userId: "x y" }],
    ["an unknown field", 400, "invalid", { userId: "abc", role: "owner" }],
    ["an unknown user", 422, "unprocessable", { userId: "no-such-user" }],
  ] as const)("answers %s with %i", async (_, status, code, body) => {
    const check = await createReadyCheck(owner.actor);
    const response = await post(owner, check.id, body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code, message: expect.any(String), fields: expect.any(Object) } });
  });

  it("answers 422 for a disabled user, 409 for the owner and for a second add", async () => {
    const check = await createReadyCheck(owner.actor);
    expect((await post(owner, check.id, { userId: disabled.id })).status).toBe(422);
    expect(await post(editor, check.id, { userId: owner.id })).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: `${owner.name} owns this check`, fields: { userId: `${owner.name} owns this check` } } },
    });
    expect((await post(owner, check.id, { userId: coWriter.id })).status).toBe(201);
    expect((await post(owner, check.id, { userId: coWriter.id })).status).toBe(409);
  });

  it("answers 404 to someone who may not see the check, 403 to a reviewer who reads it, 401 without a valid token", async () => {
    const check = await createReadyCheck(owner.actor);
    await submit(owner.actor, check.id, [reviewer]);
    expect(await post(stranger, check.id, { userId: coWriter.id })).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Fact-check not found" } },
    });
    expect((await post(stranger, "no-such-check", { userId: coWriter.id })).status).toBe(404);
    expect((await post(reviewer, check.id, { userId: coWriter.id })).status).toBe(403);
    expect((await post(null, check.id, { userId: coWriter.id })).status).toBe(401);
    expect(await db().select().from(factCheckCollaborators).where(eq(factCheckCollaborators.factCheckId, check.id))).toEqual([]);
  });
});

describe("DELETE /api/v1/fact-checks/:id/collaborators/:userId", () => {
  it("answers 204 with no body, and the removed co-writer then gets 404 on the check", async () => {
    const check = await createReadyCheck(owner.actor);
    await post(owner, check.id, { userId: coWriter.id });
    expect(await del(owner, check.id, coWriter.id)).toEqual({ status: 204, body: null });
    expect((await call(getCheck as never, { as: coWriter, params: { id: check.id } })).status).toBe(404);
    expect((await call(getCheck as never, { as: owner, params: { id: check.id } })).body).toMatchObject({ collaboratorIds: [] });
  });

  it("answers 409 for the owner, 404 for someone not a co-writer or a check out of sight, 400 for a malformed id", async () => {
    const check = await createReadyCheck(owner.actor);
    await post(owner, check.id, { userId: coWriter.id });
    expect((await del(coWriter, check.id, owner.id)).status).toBe(409);
    expect((await del(owner, check.id, stranger.id)).body).toEqual({
      error: { code: "not_found", message: "That person is not a co-writer of this check" },
    });
    expect((await del(stranger, check.id, coWriter.id)).status).toBe(404);
    expect((await del(owner, check.id, "x y")).status).toBe(400);
    expect((await db().select().from(factCheckCollaborators).where(eq(factCheckCollaborators.factCheckId, check.id))).map((r) => r.userId)).toEqual([
      coWriter.id,
    ]);
  });
});
