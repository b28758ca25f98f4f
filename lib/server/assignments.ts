import "server-only";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { auditLog, factChecks, publishedVersions, users } from "@/db/schema";
import { emptyDoc } from "@/lib/document";
import { fieldErrors } from "@/lib/fact-check-input";
import { hasRole } from "@/lib/roles";
import { slugify } from "@/lib/slug";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { DomainError, forbidden, invalid, isUniqueViolation } from "./errors";
import { getFactCheck, insertWithUniqueSlug, toDto, type FactCheckDto, type FactCheckStatus } from "./fact-checks";
import { notify } from "./notifications";
import { visibleTo } from "./policies/fact-check";

/**
 * "Want to dive deeper?" questions turned into assignments: an editor picks a
 * related question of a check and a member of staff, and a new draft with that
 * question opens on that person's desk. The new check remembers where it came
 * from, so the question links to it once it is published, however it is
 * reworded by then. One assignment per question.
 */

export type RelatedAssignment = {
  questionId: string;
  factCheckId: string;
  question: string;
  status: FactCheckStatus;
  ownerId: string;
  ownerName: string;
};

const assignSchema = z
  .object({
    questionId: z.string({ error: "Choose a question" }).trim().min(1, "Choose a question").max(64),
    assigneeId: z.string({ error: "Choose who will write it" }).trim().min(1, "Choose who will write it").max(64),
  })
  .strict();

const conflict = (existing: string) =>
  new DomainError("conflict", "This question is already assigned", { details: { factCheckId: existing } });

async function existingAssignment(db: Db, originCheckId: string, questionId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: factChecks.id })
    .from(factChecks)
    .where(and(eq(factChecks.originCheckId, originCheckId), eq(factChecks.originQuestionId, questionId)))
    .limit(1);
  return row?.id ?? null;
}

export async function assignRelatedQuestion({
  actor,
  id,
  input,
}: {
  actor: Actor;
  id: string;
  input: unknown;
}): Promise<{ factCheck: FactCheckDto; assignment: RelatedAssignment }> {
  if (!hasRole(actor.role, "editor")) throw forbidden("Only editors and admins turn related questions into assignments");
  const parsed = assignSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { questionId, assigneeId } = parsed.data;
  const origin = await getFactCheck({ actor, id });
  const question = origin.relatedQuestions.find((q) => q.id === questionId);
  if (!question) {
    throw new DomainError("unprocessable", "This question is no longer on the check", { fields: { questionId: "This question is no longer on the check" } });
  }
  const db = await getDb();
  const [assignee] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, assigneeId), isNull(users.disabledAt)))
    .limit(1);
  if (!assignee) {
    throw new DomainError("unprocessable", "Choose an active member of staff", { fields: { assigneeId: "Choose an active member of staff" } });
  }
  const at = now();
  try {
    return await db.transaction(async (tx) => {
      const row = await insertWithUniqueSlug(
        tx,
        {
          question: question.text,
          topic: origin.topic,
          summary: emptyDoc(),
          sections: [],
          relatedQuestions: [],
          ownerId: assignee.id,
          updatedById: actor.id,
          originCheckId: id,
          originQuestionId: questionId,
          createdAt: at,
          updatedAt: at,
        },
        slugify(question.text),
      );
      if (assignee.id !== actor.id) {
        await notify(tx, [
          {
            userId: assignee.id,
            kind: "assigned",
            message: `${actor.name} assigned you a new fact-check: “${question.text}”, from “${origin.question}”.`,
            factCheckId: row.id,
            actorId: actor.id,
          },
        ]);
      }
      await recordAudit(tx, {
        actorId: actor.id,
        action: "fact_check.assigned",
        entityType: "fact_check",
        entityId: row.id,
        factCheckId: row.id,
        data: { originCheckId: id, originQuestionId: questionId, assigneeId: assignee.id },
      });
      return {
        factCheck: toDto({ ...row, collaboratorIds: [] }),
        assignment: { questionId, factCheckId: row.id, question: row.question, status: row.status, ownerId: assignee.id, ownerName: assignee.name },
      };
    });
  } catch (error) {
    // The question is already assigned (perhaps by another editor at this very moment): the unique index says so.
    if (isUniqueViolation(error, "fact_checks_origin_unique")) throw conflict((await existingAssignment(db, id, questionId)) ?? "");
    throw error;
  }
}

/** The assignments made from a check's related questions, by question id. */
export async function listRelatedAssignments({ actor, id }: { actor: Actor; id: string }): Promise<Record<string, RelatedAssignment>> {
  await getFactCheck({ actor, id });
  const db = await getDb();
  const rows = await db
    .select({
      questionId: factChecks.originQuestionId,
      factCheckId: factChecks.id,
      question: factChecks.question,
      status: factChecks.status,
      ownerId: factChecks.ownerId,
      ownerName: users.name,
    })
    .from(factChecks)
    .innerJoin(users, eq(users.id, factChecks.ownerId))
    .where(eq(factChecks.originCheckId, id))
    .orderBy(asc(factChecks.createdAt));
  const byQuestion: Record<string, RelatedAssignment> = {};
  for (const row of rows) if (row.questionId) byQuestion[row.questionId] = { ...row, questionId: row.questionId };
  return byQuestion;
}

export type AssignmentOrigin = {
  assignedByName: string | null;
  assignedAt: string | null;
  /** The question's check, only when the reader may see it (in the newsroom) or it is published. */
  origin: { question: string; href: string } | null;
};

/** Where an assigned check came from, for its writer: who assigned it, when, and from which check. */
export async function getAssignmentOrigin({ actor, check }: { actor: Actor; check: FactCheckDto }): Promise<AssignmentOrigin | null> {
  if (!check.originCheckId) return null;
  const db = await getDb();
  const [entry] = await db
    .select({ at: auditLog.at, name: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.entityId, check.id), eq(auditLog.action, "fact_check.assigned")))
    .orderBy(desc(auditLog.at))
    .limit(1);
  const [origin] = await db
    .select({
      id: factChecks.id,
      question: factChecks.question,
      slug: factChecks.slug,
      visible: sql<boolean>`${visibleTo(actor)}`,
      publishedQuestion: sql<string | null>`${publishedVersions.content}->>'question'`,
    })
    .from(factChecks)
    .leftJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .where(eq(factChecks.id, check.originCheckId))
    .limit(1);
  let visible: AssignmentOrigin["origin"] = null;
  if (origin?.visible) visible = { question: origin.question, href: `/desk/fact-checks/${origin.id}` };
  // Otherwise only what readers see: the live version's question.
  else if (origin?.publishedQuestion) visible = { question: origin.publishedQuestion, href: `/fact-checks/${origin.slug}` };
  return { assignedByName: entry?.name ?? null, assignedAt: entry?.at.toISOString() ?? null, origin: visible };
}
