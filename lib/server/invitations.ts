import "server-only";
/**
 * Admins invite people by email with a role: the emailed link lets them set a
 * password, which creates their account (docs/architecture.md, "Accounts").
 * An invitation can be resent (a new link; the old one stops working) or
 * revoked while pending; it expires after INVITATION_DAYS.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { invitations, mailMessages, users } from "@/db/schema";
import { hashPassword, newPasswordProblem } from "@/lib/passwords";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/roles";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { normalizeEmail } from "./authentication";
import { now } from "./clock";
import { DomainError, invalid, isUniqueViolation, notFound } from "./errors";
import { escapeHtml } from "./mail";
import { kickMailDispatch } from "./mail-outbox";
import { authorize } from "./policies/newsroom";
import { absoluteUrl } from "./site-url";

export const INVITATION_DAYS = 7;

export type InvitationDto = { id: string; email: string; name: string; role: Role; invitedBy: string; sentAt: string; expiresAt: string; expired: boolean };

const inviteSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120, "Names have at most 120 characters"),
  email: z.string().trim().email("Enter a valid email address").max(320),
  role: z.enum(ROLES, { error: "Choose a role" }),
});

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

const alreadyThere = (message: string) => new DomainError("conflict", message, { fields: { email: message } });

/** Writes the invitation email with a new link, in the caller's transaction. */
async function writeInvitationEmail(tx: Db, invitation: { id: string; email: string; name: string; role: Role }, inviter: Actor, token: string) {
  const link = absoluteUrl(`/invitation?token=${token}`);
  const role = ROLE_LABELS[invitation.role].toLowerCase();
  const text = `Hello ${invitation.name},\n\n${inviter.name} invites you to the Factdesk newsroom as ${role}. Choose your password to join (the link works for ${INVITATION_DAYS} days):\n\n${link}\n`;
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><p>Hello ${escapeHtml(invitation.name)},</p><p>${escapeHtml(inviter.name)} invites you to the Factdesk newsroom as ${escapeHtml(role)}. Choose your password to join (the link works for ${INVITATION_DAYS} days):</p><p><a href="${escapeHtml(link)}">Join the newsroom</a></p></body></html>`;
  await tx.insert(mailMessages).values({
    id: randomUUID(),
    idempotencyKey: `invitation:${tokenHash(token)}`,
    userId: null,
    kind: "invitation",
    toAddress: invitation.email,
    subject: `${inviter.name} invites you to Factdesk`,
    textBody: text,
    htmlBody: html,
    createdAt: now(),
  });
}

export async function inviteUser({ actor, input }: { actor: Actor; input: unknown }): Promise<InvitationDto> {
  authorize(actor, "manage_users");
  const parsed = inviteSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { name, role } = parsed.data;
  const email = normalizeEmail(parsed.data.email);
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
  if (existing) throw alreadyThere("A user with this email already exists");
  const token = randomBytes(32).toString("base64url");
  const at = now();
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(invitations)
        .values({ email, name, role, invitedById: actor.id, tokenHash: tokenHash(token), sentAt: at, expiresAt: new Date(at.getTime() + INVITATION_DAYS * 86_400_000) })
        .returning();
      await writeInvitationEmail(tx, created!, actor, token);
      await recordAudit(tx, { actorId: actor.id, action: "user.invited", entityType: "user", entityId: created!.id, data: { email, role } });
      return created!;
    });
    kickMailDispatch();
    return { id: row.id, email, name, role, invitedBy: actor.name, sentAt: row.sentAt.toISOString(), expiresAt: row.expiresAt.toISOString(), expired: false };
  } catch (error) {
    if (isUniqueViolation(error, "invitations_pending_email")) throw alreadyThere("This address is invited already: resend or revoke that invitation");
    throw error;
  }
}

/** Pending invitations (not accepted nor revoked), newest first; expired ones say so. */
export async function listInvitations({ actor }: { actor: Actor }): Promise<InvitationDto[]> {
  authorize(actor, "manage_users");
  const db = await getDb();
  const rows = await db
    .select({ id: invitations.id, email: invitations.email, name: invitations.name, role: invitations.role, invitedBy: users.name, sentAt: invitations.sentAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedById))
    .where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.sentAt));
  const at = now();
  return rows.map((r) => ({ ...r, sentAt: r.sentAt.toISOString(), expiresAt: r.expiresAt.toISOString(), expired: r.expiresAt <= at }));
}

async function pending(db: Db, id: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  if (!row) throw notFound("This invitation is not pending any more");
  return row;
}

/** Sends a pending invitation again with a new link (the old one stops working) and a new expiry. */
export async function resendInvitation({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  authorize(actor, "manage_users");
  const db = await getDb();
  const token = randomBytes(32).toString("base64url");
  const at = now();
  await db.transaction(async (tx) => {
    const row = await pending(tx, id);
    await tx
      .update(invitations)
      .set({ tokenHash: tokenHash(token), sentAt: at, expiresAt: new Date(at.getTime() + INVITATION_DAYS * 86_400_000) })
      .where(eq(invitations.id, row.id));
    await writeInvitationEmail(tx, row, actor, token);
    await recordAudit(tx, { actorId: actor.id, action: "user.invitation_resent", entityType: "user", entityId: row.id });
  });
  kickMailDispatch();
}

export async function revokeInvitation({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  authorize(actor, "manage_users");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const row = await pending(tx, id);
    await tx.update(invitations).set({ revokedAt: now() }).where(eq(invitations.id, row.id));
    await recordAudit(tx, { actorId: actor.id, action: "user.invitation_revoked", entityType: "user", entityId: row.id });
  });
}

const linkRefused = () => new DomainError("invalid", "This invitation link is not valid any more. Ask an admin to send a new one.");

/** The invitation a link opens, while it can be accepted (the page shows the form only then). */
export async function invitationForToken({ token }: { token: string }): Promise<{ email: string; name: string; role: Role } | null> {
  if (!token || token.length > 200) return null;
  const db = await getDb();
  const [row] = await db
    .select({ email: invitations.email, name: invitations.name, role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now())));
  return row ?? null;
}

/** Accepts an invitation: creates the account with the invited role and the chosen password. */
export async function acceptInvitation({ token, password }: { token: string; password: string }): Promise<{ email: string }> {
  if (!token || token.length > 200) throw linkRefused();
  const db = await getDb();
  const [row] = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now())));
  if (!row) throw linkRefused();
  const problem = await newPasswordProblem(password, { email: row.email });
  if (problem) throw invalid("Check the highlighted fields", { newPassword: problem });
  const passwordHash = await hashPassword(password);
  try {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .update(invitations)
        .set({ acceptedAt: now() })
        .where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .returning({ id: invitations.id });
      if (claimed.length === 0) throw linkRefused();
      const [user] = await tx.insert(users).values({ email: row.email, name: row.name, role: row.role, passwordHash }).returning({ id: users.id });
      await tx.update(invitations).set({ userId: user!.id }).where(eq(invitations.id, row.id));
      await recordAudit(tx, { actorId: user!.id, action: "user.created", entityType: "user", entityId: user!.id, data: { role: row.role, invitationId: row.id } });
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_unique")) throw new DomainError("conflict", "An account with this email exists already: sign in, or use Forgot password?");
    throw error;
  }
  return { email: row.email };
}
