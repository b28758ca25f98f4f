import "server-only";
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { apiTokens, users } from "@/db/schema";
import { recordAudit } from "./audit";
import { fieldErrors } from "@/lib/validation";
import { hashPassword, newPasswordProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/passwords";
import { ROLES, rolesAtLeast, type Role } from "@/lib/roles";
import type { Actor } from "./actor";
import { normalizeEmail } from "./authentication";
import { now } from "./clock";
import { publishLiveEvent } from "./live-events";
import { endUserSessions } from "./sessions";
import { allowedUsers, authorize, type NewsroomAction } from "./policies/newsroom";
import { DomainError, invalid, isUniqueViolation, notFound } from "./errors";

export type UserDto = { id: string; email: string; name: string; role: Role; disabled: boolean; createdAt: string };
export type StaffDto = { id: string; name: string; email: string; role: Role };

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

function toUserDto(row: { id: string; email: string; name: string; role: Role; disabledAt: Date | null; createdAt: Date }): UserDto {
  return { id: row.id, email: row.email, name: row.name, role: row.role, disabled: !!row.disabledAt, createdAt: row.createdAt.toISOString() };
}

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Passwords have at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Passwords have at most ${PASSWORD_MAX_LENGTH} characters`);

export const newUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120, "Names have at most 120 characters"),
  email: z.string().trim().email("Enter a valid email address").max(320),
  role: z.enum(ROLES, { error: "Choose a role" }),
  password: passwordSchema,
});

const emailTaken = () =>
  new DomainError("conflict", "A user with this email already exists", { fields: { email: "A user with this email already exists" } });

export async function listUsers({ actor }: { actor: Actor }): Promise<UserDto[]> {
  authorize(actor, "manage_users");
  const db = await getDb();
  const rows = await db.select(columns).from(users).orderBy(asc(users.name));
  return rows.map(toUserDto);
}

/**
 * The staff directory, for choosing reviewers and assignees: enabled users,
 * optionally of at least one role, or only those who `may` do something
 * (policies/newsroom.ts: the reviewers a check can be sent to).
 */
export async function listStaff({ actor, role, may }: { actor: Actor; role?: Role; may?: NewsroomAction }): Promise<StaffDto[]> {
  void actor; // any signed-in staff member may read the directory
  const db = await getDb();
  const conditions: (SQL | undefined)[] = [
    isNull(users.disabledAt),
    role ? inArray(users.role, rolesAtLeast(role)) : undefined,
    may ? allowedUsers(may) : undefined,
  ];
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.name));
}

export async function createUser({ actor, input }: { actor: Actor; input: unknown }): Promise<UserDto> {
  authorize(actor, "manage_users");
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { name, email, role, password } = parsed.data;
  const problem = await newPasswordProblem(password, { email });
  if (problem) throw invalid("Check the highlighted fields", { password: problem });
  const db = await getDb();
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  if (existing) throw emailTaken();
  const passwordHash = await hashPassword(password);
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx.insert(users).values({ name, email: normalizeEmail(email), role, passwordHash }).returning(columns);
      await recordAudit(tx, { actorId: actor.id, action: "user.created", entityType: "user", entityId: created!.id, data: { role } });
      return created!;
    });
    return toUserDto(row);
  } catch (error) {
    // Two admins adding the same person at once: the unique index decides.
    if (isUniqueViolation(error, "users_email_unique")) throw emailTaken();
    throw error;
  }
}

export async function updateUser({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: { role?: Role; disabled?: boolean };
}): Promise<UserDto> {
  authorize(actor, "manage_users");
  const parsed = z
    .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
    .strict()
    .safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { role, disabled } = parsed.data;
  if (id === actor.id && (disabled || (role && role !== "admin"))) {
    throw new DomainError("conflict", "You cannot disable yourself or remove your own admin role");
  }
  const db = await getDb();
  const changes: Partial<typeof users.$inferInsert> = { updatedAt: now() };
  if (role) changes.role = role;
  if (disabled === true) {
    changes.disabledAt = now();
  } else if (disabled === false) {
    changes.disabledAt = null;
  }
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set(changes).where(eq(users.id, id)).returning(columns);
    if (!updated) throw notFound("User not found");
    if (disabled === true) {
      // A disabled user's sessions and API tokens stop for good, not just while disabled.
      await endUserSessions(tx, { userId: id });
      await tx.update(apiTokens).set({ revokedAt: now() }).where(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt)));
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: disabled === true ? "user.disabled" : disabled === false ? "user.enabled" : "user.role_changed",
      entityType: "user",
      entityId: id,
      data: role ? { role } : undefined,
    });
    return updated;
  });
  // Their open live editors are closed (disabled) or re-authorized (another role) at once.
  publishLiveEvent({ type: "access", userId: id });
  return toUserDto(row);
}
