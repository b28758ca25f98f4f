/** Users and actors for tests, inserted straight into the database. */
import { getDb } from "@/db";
import { users, type UserRow } from "@/db/schema";
import { hashPassword } from "@/lib/passwords";
import type { Role } from "@/lib/roles";
import type { Actor } from "@/lib/server/actor";

export const TEST_PASSWORD = "correct horse battery staple";

// argon2id at 19 MiB costs ~50 ms: hash the one test password once per file.
let passwordHash: Promise<string> | undefined;
export function testPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
}

let counter = 0;
/** An email no other test in this file uses. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}@factdesk.test`;
}

export type TestUser = UserRow & { actor: Actor };

export function actorOf(user: Pick<UserRow, "id" | "email" | "name" | "role">): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function createTestUser(
  role: Role,
  overrides: Partial<Omit<typeof users.$inferInsert, "role">> = {},
): Promise<TestUser> {
  const db = await getDb();
  const email = overrides.email ?? uniqueEmail(role);
  const [row] = await db
    .insert(users)
    .values({
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`,
      passwordHash: await testPasswordHash(),
      ...overrides,
      email,
      role,
    })
    .returning();
  return { ...row!, actor: actorOf(row!) };
}

export const createWriter = (overrides?: Parameters<typeof createTestUser>[1]) => createTestUser("writer", overrides);
export const createReviewer = (overrides?: Parameters<typeof createTestUser>[1]) => createTestUser("reviewer", overrides);
export const createEditor = (overrides?: Parameters<typeof createTestUser>[1]) => createTestUser("editor", overrides);
export const createAdmin = (overrides?: Parameters<typeof createTestUser>[1]) => createTestUser("admin", overrides);
