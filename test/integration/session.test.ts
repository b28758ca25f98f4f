/**
 * loadActor: every request reloads its user, so disabling someone or revoking
 * their sessions takes effect on the next request, whatever the token says.
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { loadActor } from "@/lib/server/session";
import { useTestDatabase } from "../db";
import { createEditor, createWriter } from "../factories";

const db = useTestDatabase();

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe("loadActor", () => {
  it("returns the actor of an enabled user, with the role from the database", async () => {
    const user = await createWriter();
    await db().update(users).set({ role: "editor" }).where(eq(users.id, user.id));
    expect(await loadActor({ userId: user.id, issuedAt: seconds(new Date()) })).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: "editor",
    });
  });

  it("returns null for an unknown user", async () => {
    expect(await loadActor({ userId: "no-such-user", issuedAt: seconds(new Date()) })).toBeNull();
  });

  it("returns null for a disabled user", async () => {
    const user = await createEditor({ disabledAt: new Date() });
    expect(await loadActor({ userId: user.id, issuedAt: seconds(new Date()) })).toBeNull();
  });

  it("returns null for a token issued before the user's sessions were revoked", async () => {
    const revokedAt = new Date("2026-03-01T12:00:00Z");
    const user = await createWriter({ sessionsRevokedAt: revokedAt });
    expect(await loadActor({ userId: user.id, issuedAt: seconds(revokedAt) - 1 })).toBeNull();
    expect(await loadActor({ userId: user.id })).toBeNull();
  });

  it("accepts a token issued after the revocation", async () => {
    const revokedAt = new Date("2026-03-01T12:00:00Z");
    const user = await createWriter({ sessionsRevokedAt: revokedAt });
    expect(await loadActor({ userId: user.id, issuedAt: seconds(revokedAt) + 1 })).toMatchObject({ id: user.id });
    expect(await loadActor({ userId: user.id, issuedAt: seconds(revokedAt) })).toMatchObject({ id: user.id });
  });

  it("accepts a token without an issue time while nothing was ever revoked", async () => {
    const user = await createWriter();
    expect(await loadActor({ userId: user.id })).toMatchObject({ id: user.id });
  });
});
