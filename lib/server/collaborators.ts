import "server-only";
/**
 * Co-writers: the people a check is shared with. Its writers (owner, assignee,
 * co-writers) and editors may add and remove them; a co-writer may do all the
 * owner may, so a co-writer may add and remove other co-writers too (and leave),
 * but nobody can remove the owner, who is not a co-writer but the check's own.
 *
 * Only enabled staff can be added, once (a second add is 409). A current
 * reviewer of the check cannot be added: reviewers never write what they review.
 * Every change is audited, the person added is told in their inbox, and open
 * editors hear of it at once (an "access" live event, after the commit).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { factCheckCollaborators, reviewRequests, users } from "@/db/schema";
import type { Role } from "@/lib/roles";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { DomainError, forbidden, invalid, isUniqueViolation, notFound } from "./errors";
import { publishLiveEvent } from "./live-events";
import { listStaff, type StaffDto } from "./users";
import { notify } from "./notifications";
import { can, loadFactCheck, type FactCheckWithPeople } from "./policies/fact-check";

export type PersonDto = { id: string; name: string; email: string; role: Role; disabled: boolean };
export type CollaboratorDto = PersonDto & { addedAt: string; addedByName: string | null };
export type SharingDto = { owner: PersonDto; assignee: PersonDto | null; collaborators: CollaboratorDto[] };

const userIdSchema = z
  .string({ error: "Choose a member of staff" })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "Not a valid user id");
const addSchema = z.object({ userId: userIdSchema }).strict();

function parseUserId(value: unknown): string {
  const parsed = userIdSchema.safeParse(value);
  if (!parsed.success) throw invalid("Check the highlighted fields", { userId: parsed.error.issues[0]!.message });
  return parsed.data;
}

/** The check (locked, unless only read) when the actor may share it: 404 when they may not see it, 403 when they only read it. */
async function loadForSharing(tx: Db, actor: Actor, factCheckId: string, lock = true): Promise<FactCheckWithPeople> {
  const check = await loadFactCheck(tx, { id: factCheckId, lock });
  if (!check || !can(actor, "view", check)) throw notFound("Fact-check not found");
  if (!can(actor, "share", check)) throw forbidden("Only the check's writers and editors can add or remove co-writers");
  return check;
}

const person = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  disabledAt: users.disabledAt,
};

function toPerson(row: { id: string; name: string; email: string; role: Role; disabledAt: Date | null }): PersonDto {
  return { id: row.id, name: row.name, email: row.email, role: row.role, disabled: !!row.disabledAt };
}

async function collaboratorsOf(db: Db, factCheckId: string): Promise<CollaboratorDto[]> {
  const addedBy = alias(users, "added_by");
  const rows = await db
    .select({ ...person, addedAt: factCheckCollaborators.addedAt, addedByName: addedBy.name })
    .from(factCheckCollaborators)
    .innerJoin(users, eq(users.id, factCheckCollaborators.userId))
    .leftJoin(addedBy, eq(addedBy.id, factCheckCollaborators.addedById))
    .where(eq(factCheckCollaborators.factCheckId, factCheckId))
    .orderBy(asc(factCheckCollaborators.addedAt), asc(factCheckCollaborators.userId));
  return rows.map((r) => ({ ...toPerson(r), addedAt: r.addedAt.toISOString(), addedByName: r.addedByName }));
}

/** Who writes the check: its owner, its assignee and its co-writers (anyone who may see the check may ask). */
export async function listCollaborators({ actor, factCheckId }: { actor: Actor; factCheckId: string }): Promise<SharingDto> {
  const db = await getDb();
  const check = await loadFactCheck(db, { id: factCheckId });
  if (!check || !can(actor, "view", check)) throw notFound("Fact-check not found");
  const people = await db
    .select(person)
    .from(users)
    .where(inArray(users.id, [check.ownerId, ...(check.assigneeId ? [check.assigneeId] : [])]));
  const byId = new Map(people.map((p) => [p.id, toPerson(p)]));
  return {
    owner: byId.get(check.ownerId)!,
    assignee: check.assigneeId ? byId.get(check.assigneeId) ?? null : null,
    collaborators: await collaboratorsOf(db, factCheckId),
  };
}

/**
 * The staff the Share dialog offers for check `factCheckId` (every enabled
 * staff member; the dialog leaves out those who already write it), asked for
 * as the dialog opens rather than sent with every editor's page: only to
 * someone who may share the check.
 */
export async function staffToShareWith({ actor, factCheckId }: { actor: Actor; factCheckId: string }): Promise<StaffDto[]> {
  await loadForSharing(await getDb(), actor, factCheckId, false);
  return listStaff({ actor });
}

/** Whether `userId` holds a live request (pending, or approved) in the check's current review round. */
async function isReviewingNow(tx: Db, check: FactCheckWithPeople, userId: string): Promise<boolean> {
  if (check.status !== "in_review" && check.status !== "approved") return false;
  const [row] = await tx
    .select({ id: reviewRequests.id })
    .from(reviewRequests)
    .where(
      and(
        eq(reviewRequests.reviewerId, userId),
        inArray(reviewRequests.state, ["pending", "approved"]),
        eq(reviewRequests.revisionId, sql`(select v.id from revisions v where v.fact_check_id = ${check.id} order by v.version desc limit 1)`),
      ),
    )
    .limit(1);
  return !!row;
}

/**
 * Adds a co-writer (`input`: `{ userId }`). Answers the check's co-writers
 * after the change. Refused: 400 for a malformed id, 404 when the actor may
 * not see the check, 403 when they may only read it, 422 for themselves or
 * anyone who is not an enabled member of staff, 409 for someone who already
 * writes it (owner, assignee, co-writer) or is reviewing it now.
 */
export async function addCollaborator({
  actor,
  factCheckId,
  input,
}: {
  actor: Actor;
  factCheckId: string;
  input: unknown;
}): Promise<CollaboratorDto[]> {
  const parsed = addSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { userId } = parsed.data;
  const db = await getDb();
  let list: CollaboratorDto[];
  try {
    list = await db.transaction(async (tx) => {
      const check = await loadForSharing(tx, actor, factCheckId);
      if (userId === actor.id) {
        throw new DomainError("unprocessable", "You cannot add yourself as a co-writer", { fields: { userId: "Choose someone else" } });
      }
      const [user] = await tx.select(person).from(users).where(eq(users.id, userId)).limit(1);
      if (!user || user.disabledAt) {
        throw new DomainError("unprocessable", "Choose an active member of staff", { fields: { userId: "Choose an active member of staff" } });
      }
      const already =
        user.id === check.ownerId
          ? `${user.name} owns this check`
          : user.id === check.assigneeId
            ? `${user.name} is assigned to this check and already writes it`
            : check.collaboratorIds.includes(user.id)
              ? `${user.name} is already a co-writer`
              : null;
      if (already) throw new DomainError("conflict", already, { fields: { userId: already } });
      if (await isReviewingNow(tx, check, user.id)) {
        const message = `${user.name} is reviewing this check; a reviewer cannot also write it`;
        throw new DomainError("conflict", message, { fields: { userId: message } });
      }

      await tx.insert(factCheckCollaborators).values({ factCheckId, userId: user.id, addedById: actor.id, addedAt: now() });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "fact_check.collaborator_added",
        entityType: "fact_check",
        entityId: factCheckId,
        factCheckId,
        data: { userId: user.id, name: user.name },
      });
      await notify(tx, [
        {
          userId: user.id,
          kind: "collaborator_added",
          factCheckId,
          actorId: actor.id,
          message: `${actor.name} added you as a co-writer on “${check.question}”`,
        },
      ]);
      return collaboratorsOf(tx, factCheckId);
    });
  } catch (error) {
    // Two people adding the same person at once: the primary key decides.
    if (isUniqueViolation(error)) throw new DomainError("conflict", "They are already a co-writer", { fields: { userId: "Already a co-writer" } });
    throw error;
  }
  publishLiveEvent({ type: "access", factCheckId, userId });
  return list;
}

/**
 * Removes a co-writer; they lose the check at once (open editors are closed
 * through the live event). Refused: 400 for a malformed id, 404 when the actor
 * may not see the check or the person is not a co-writer of it, 403 when the
 * actor may only read it, 409 for the owner, who can never be removed.
 */
export async function removeCollaborator({
  actor,
  factCheckId,
  userId: rawUserId,
}: {
  actor: Actor;
  factCheckId: string;
  userId: unknown;
}): Promise<void> {
  const userId = parseUserId(rawUserId);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const check = await loadForSharing(tx, actor, factCheckId);
    if (userId === check.ownerId) throw new DomainError("conflict", "The owner of a check cannot be removed from it");
    const [removed] = await tx
      .delete(factCheckCollaborators)
      .where(and(eq(factCheckCollaborators.factCheckId, factCheckId), eq(factCheckCollaborators.userId, userId)))
      .returning({ userId: factCheckCollaborators.userId });
    if (!removed) throw notFound("That person is not a co-writer of this check");
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    await recordAudit(tx, {
      actorId: actor.id,
      action: "fact_check.collaborator_removed",
      entityType: "fact_check",
      entityId: factCheckId,
      factCheckId,
      data: { userId, name: user?.name ?? null },
    });
    if (userId !== actor.id) {
      await notify(tx, [
        {
          userId,
          kind: "collaborator_removed",
          factCheckId,
          actorId: actor.id,
          message: `${actor.name} removed you as a co-writer of “${check.question}”`,
        },
      ]);
    }
  });
  publishLiveEvent({ type: "access", factCheckId, userId });
}
