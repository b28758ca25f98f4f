/**
 * User management: admins only, validated input, unique emails whatever their
 * case, and disabling that revokes sessions at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import { verifyPassword } from "@/lib/passwords";
import { createUser, listStaff, listUsers, updateUser } from "@/lib/server/users";
import { loadSessionActor, startSession } from "@/lib/server/sessions";
import { domainErrorOf } from "../assertions";
import { countRows, useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, uniqueEmail, type TestUser } from "../factories";

const db = useTestDatabase();

let admin: TestUser;
let writer: TestUser;
let reviewer: TestUser;
let editor: TestUser;

beforeAll(async () => {
  admin = await createAdmin();
  writer = await createWriter();
  reviewer = await createReviewer();
  editor = await createEditor();
});

const storedUser = async (id: string) => {
  const [row] = await db().select().from(users).where(eq(users.id, id));
  return row!;
};

const newUser = (overrides: Record<string, unknown> = {}) => ({
  name: "Nia Newcomer",
  email: uniqueEmail("new"),
  role: "writer",
  password: "a long enough password",
  ...overrides,
});

describe("who may manage users", () => {
  it.each(["writer", "reviewer", "editor"] as const)("a %s may not list, create or update users", async (role) => {
    const actor = { writer, reviewer, editor }[role].actor;
    const before = await countRows(db(), "users");
    for (const call of [
      () => listUsers({ actor }),
      () => createUser({ actor, input: newUser() }),
      () => updateUser({ actor, id: writer.id, input: { role: "admin" } }),
    ]) {
      const error = await domainErrorOf(call);
      expect([error.code, error.status, error.message]).toEqual(["forbidden", 403, "Only admins manage users"]);
    }
    expect(await countRows(db(), "users")).toBe(before);
    expect((await storedUser(writer.id)).role).toBe("writer");
  });

  it("an admin lists users without their password hashes", async () => {
    const list = await listUsers({ actor: admin.actor });
    const entry = list.find((u) => u.id === writer.id);
    expect(entry).toEqual({
      id: writer.id,
      email: writer.email,
      name: writer.name,
      role: "writer",
      disabled: false,
      createdAt: writer.createdAt.toISOString(),
    });
    for (const u of list) expect(Object.keys(u).sort()).toEqual(["createdAt", "disabled", "email", "id", "name", "role"]);
  });
});

describe("createUser", () => {
  it("stores the user with a lowercase email and an argon2id hash of the password", async () => {
    const input = newUser({ email: "  Mixed.Case@Factdesk.Test ", role: "reviewer" });
    const created = await createUser({ actor: admin.actor, input });
    expect(created).toMatchObject({ email: "mixed.case@factdesk.test", name: "Nia Newcomer", role: "reviewer", disabled: false });
    const row = await storedUser(created.id);
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.passwordHash, "a long enough password")).toBe(true);
  });

  it("refuses a password shorter than 12 characters with a field error", async () => {
    const before = await countRows(db(), "users");
    const error = await domainErrorOf(() => createUser({ actor: admin.actor, input: newUser({ password: "elevenchars" }) }));
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ password: "Passwords have at least 12 characters" });
    expect(await countRows(db(), "users")).toBe(before);
  });

  it("refuses an email that exists in another case, with a field error", async () => {
    const before = await countRows(db(), "users");
    const error = await domainErrorOf(() => createUser({ actor: admin.actor, input: newUser({ email: writer.email.toUpperCase() }) }));
    expect([error.code, error.status]).toEqual(["conflict", 409]);
    expect(error.fields).toEqual({ email: "A user with this email already exists" });
    expect(await countRows(db(), "users")).toBe(before);
  });

  it("refuses the second of two simultaneous creations with one email as a conflict", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.allSettled([
      createUser({ actor: admin.actor, input: newUser({ email }) }),
      createUser({ actor: admin.actor, input: newUser({ email: email.toUpperCase() }) }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict", fields: { email: "A user with this email already exists" } });
  });

  it("refuses missing names, bad emails and unknown roles", async () => {
    const error = await domainErrorOf(() =>
      createUser({ actor: admin.actor, input: newUser({ name: "  ", email: "not-an-email", role: "owner" }) }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ name: "Enter a name", email: "Enter a valid email address", role: "Choose a role" });
  });
});

describe("updateUser", () => {
  it("changes a role", async () => {
    const target = await createWriter();
    expect(await updateUser({ actor: admin.actor, id: target.id, input: { role: "editor" } })).toMatchObject({ id: target.id, role: "editor" });
    expect((await storedUser(target.id)).role).toBe("editor");
  });

  it("disabling ends every session of the user for good: enabling them again brings none back", async () => {
    const target = await createWriter();
    const sessionsOfTarget = [(await startSession({ userId: target.id }))!, (await startSession({ userId: target.id }))!];
    const bystander = await createWriter();
    const otherSession = (await startSession({ userId: bystander.id }))!;

    const disabled = await updateUser({ actor: admin.actor, id: target.id, input: { disabled: true } });
    expect(disabled.disabled).toBe(true);
    expect((await storedUser(target.id)).disabledAt).toBeInstanceOf(Date);
    const rows = await db().select().from(sessions).where(eq(sessions.userId, target.id));
    expect(rows.map((row) => row.endedAt)).toEqual([expect.any(Date), expect.any(Date)]);

    const enabled = await updateUser({ actor: admin.actor, id: target.id, input: { disabled: false } });
    expect(enabled.disabled).toBe(false);
    expect((await storedUser(target.id)).disabledAt).toBeNull();
    for (const session of sessionsOfTarget) expect(await loadSessionActor({ sessionId: session.id, userId: target.id })).toBeNull();
    // A new sign-in works; other people's sessions were never touched.
    const fresh = (await startSession({ userId: target.id }))!;
    expect(await loadSessionActor({ sessionId: fresh.id, userId: target.id })).toMatchObject({ id: target.id });
    expect(await loadSessionActor({ sessionId: otherSession.id, userId: bystander.id })).toMatchObject({ id: bystander.id });
  });

  it("an admin cannot disable themselves or drop their own admin role", async () => {
    for (const input of [{ disabled: true }, { role: "editor" as const }]) {
      const error = await domainErrorOf(() => updateUser({ actor: admin.actor, id: admin.id, input }));
      expect([error.code, error.message]).toEqual(["conflict", "You cannot disable yourself or remove your own admin role"]);
    }
    expect(await storedUser(admin.id)).toMatchObject({ role: "admin", disabledAt: null });
  });

  it("another admin can disable an admin", async () => {
    const other = await createAdmin();
    expect(await updateUser({ actor: admin.actor, id: other.id, input: { disabled: true } })).toMatchObject({ disabled: true });
  });

  it("answers not_found for an unknown user and invalid for unknown fields", async () => {
    expect((await domainErrorOf(() => updateUser({ actor: admin.actor, id: "no-such-user", input: { role: "writer" } }))).code).toBe(
      "not_found",
    );
    const error = await domainErrorOf(() =>
      updateUser({ actor: admin.actor, id: writer.id, input: { passwordHash: "x" } as never }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ _: "Unknown field: passwordHash" });
  });
});

describe("listStaff", () => {
  it("lists enabled staff, filtered to at least a role, without secrets", async () => {
    const gone = await createEditor({ disabledAt: new Date() });
    const atLeastEditor = await listStaff({ actor: writer.actor, role: "editor" });
    const ids = atLeastEditor.map((s) => s.id);
    expect(ids).toContain(editor.id);
    expect(ids).toContain(admin.id);
    expect(ids).not.toContain(writer.id);
    expect(ids).not.toContain(reviewer.id);
    expect(ids).not.toContain(gone.id);
    expect(atLeastEditor.find((s) => s.id === editor.id)).toEqual({ id: editor.id, name: editor.name, email: editor.email, role: "editor" });
  });
});
