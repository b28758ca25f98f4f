/**
 * "Want to dive deeper?" questions turned into assignments: editors only, one
 * per question, a new draft on the assignee's desk with a notification and an
 * audit entry, and the public link once the assigned check is published.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, factChecks, notifications } from "@/db/schema";
import { assignRelatedQuestion, getAssignmentOrigin, listRelatedAssignments } from "@/lib/server/assignments";
import { createFactCheck, getFactCheck, listDesk, updateFactCheck } from "@/lib/server/fact-checks";
import { getPublishedCheck, publishedAnswers } from "@/lib/server/public";
import { publishFactCheck } from "@/lib/server/publishing";
import { domainErrorOf } from "../assertions";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { approve, submit } from "./review-fixtures";
import { createSource, paragraph } from "./publishing-fixtures";

const getDb = useTestDatabase();

let writer: TestUser, writer2: TestUser, reviewer: TestUser, editor: TestUser, admin: TestUser;
beforeAll(async () => {
  [writer, writer2, reviewer, editor, admin] = await Promise.all([createWriter(), createWriter(), createReviewer(), createEditor(), createAdmin()]);
});

async function checkWithQuestions(...texts: string[]) {
  return createFactCheck({
    actor: writer.actor,
    input: { question: `Are school buses late more often? ${crypto.randomUUID().slice(0, 8)}`, topic: "Transport", relatedQuestions: texts },
  });
}

describe("assigning a related question", () => {
  it("creates a draft with the question and topic on the assignee's desk, notifies them and records who did it", async () => {
    const origin = await checkWithQuestions("Do late buses affect attendance?", "Who sets bus timetables?");
    const question = origin.relatedQuestions[0]!;

    const { factCheck, assignment } = await assignRelatedQuestion({
      actor: editor.actor,
      id: origin.id,
      input: { questionId: question.id, assigneeId: writer2.id },
    });

    expect(factCheck).toMatchObject({
      question: "Do late buses affect attendance?",
      topic: "Transport",
      status: "draft",
      ownerId: writer2.id,
      originCheckId: origin.id,
      originQuestionId: question.id,
      sections: [],
    });
    expect(assignment).toEqual({
      questionId: question.id,
      factCheckId: factCheck.id,
      question: "Do late buses affect attendance?",
      status: "draft",
      ownerId: writer2.id,
      ownerName: writer2.name,
    });
    const desk = await listDesk({ actor: writer2.actor });
    expect(desk.mine.map((i) => i.id)).toContain(factCheck.id);
    // The assignee owns it: they can open and edit it.
    const edited = await updateFactCheck({ actor: writer2.actor, id: factCheck.id, input: { version: factCheck.version, summary: paragraph("Started.") } });
    expect(edited.version).toBe(factCheck.version + 1);

    const inbox = await getDb().select().from(notifications).where(and(eq(notifications.userId, writer2.id), eq(notifications.factCheckId, factCheck.id)));
    expect(inbox.map((n) => [n.kind, n.actorId])).toEqual([["assigned", editor.id]]);
    expect(inbox[0]!.message).toContain("“Do late buses affect attendance?”");

    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, factCheck.id), eq(auditLog.action, "fact_check.assigned")));
    expect(audit.map((a) => [a.actorId, a.data])).toEqual([[editor.id, { originCheckId: origin.id, originQuestionId: question.id, assigneeId: writer2.id }]]);

    expect(await listRelatedAssignments({ actor: editor.actor, id: origin.id })).toEqual({ [question.id]: assignment });

    // The writer's editor says who assigned it; the origin, another writer's draft, stays out of sight.
    const mine = await getFactCheck({ actor: writer2.actor, id: factCheck.id });
    expect(await getAssignmentOrigin({ actor: writer2.actor, check: mine })).toEqual({
      assignedByName: editor.name,
      assignedAt: expect.any(String),
      origin: null,
    });
    expect((await getAssignmentOrigin({ actor: editor.actor, check: mine }))?.origin).toEqual({ question: origin.question, href: `/desk/fact-checks/${origin.id}` });
    expect(await getAssignmentOrigin({ actor: writer.actor, check: origin })).toBeNull();
  });

  it("is for editors and admins only (403), and checks what it is given", async () => {
    const origin = await checkWithQuestions("Are bus drivers paid overtime?");
    const questionId = origin.relatedQuestions[0]!.id;
    for (const actor of [writer.actor, reviewer.actor]) {
      const error = await domainErrorOf(() => assignRelatedQuestion({ actor, id: origin.id, input: { questionId, assigneeId: writer2.id } }));
      expect([error.status, error.message]).toEqual([403, "Only editors and admins turn related questions into assignments"]);
    }

    const missingFields = await domainErrorOf(() => assignRelatedQuestion({ actor: editor.actor, id: origin.id, input: { questionId: "" } }));
    expect([missingFields.status, missingFields.fields]).toEqual([400, { questionId: "Choose a question", assigneeId: "Choose who will write it" }]);

    const gone = await domainErrorOf(() => assignRelatedQuestion({ actor: editor.actor, id: origin.id, input: { questionId: "no-such-question", assigneeId: writer2.id } }));
    expect([gone.status, gone.fields]).toEqual([422, { questionId: "This question is no longer on the check" }]);

    const disabled = await createWriter({ disabledAt: new Date() });
    for (const assigneeId of [disabled.id, "no-such-user"]) {
      const error = await domainErrorOf(() => assignRelatedQuestion({ actor: editor.actor, id: origin.id, input: { questionId, assigneeId } }));
      expect([error.status, error.fields]).toEqual([422, { assigneeId: "Choose an active member of staff" }]);
    }

    const unknownCheck = await domainErrorOf(() => assignRelatedQuestion({ actor: editor.actor, id: "no-such-check", input: { questionId, assigneeId: writer2.id } }));
    expect(unknownCheck.status).toBe(404);

    // Nothing was created by any of these.
    expect(await getDb().select().from(factChecks).where(eq(factChecks.originCheckId, origin.id))).toEqual([]);
    // An admin may.
    const done = await assignRelatedQuestion({ actor: admin.actor, id: origin.id, input: { questionId, assigneeId: writer2.id } });
    expect(done.factCheck.ownerId).toBe(writer2.id);
  });

  it("assigns each question once: a second try, even at the same moment, gets 409 with the existing check", async () => {
    const origin = await checkWithQuestions("Do electric buses break down less?");
    const questionId = origin.relatedQuestions[0]!.id;
    const input = { questionId, assigneeId: writer2.id };
    const results = await Promise.allSettled([
      assignRelatedQuestion({ actor: editor.actor, id: origin.id, input }),
      assignRelatedQuestion({ actor: admin.actor, id: origin.id, input }),
    ]);
    const created = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.factCheck.id] : []));
    expect(created).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect([rejected.reason.status, rejected.reason.details]).toEqual([409, { factCheckId: created[0] }]);

    const again = await domainErrorOf(() => assignRelatedQuestion({ actor: editor.actor, id: origin.id, input: { questionId, assigneeId: writer.id } }));
    expect([again.status, again.details]).toEqual([409, { factCheckId: created[0] }]);
    expect(await getDb().select({ id: factChecks.id }).from(factChecks).where(eq(factChecks.originCheckId, origin.id))).toEqual([{ id: created[0] }]);
  });

  it("does not notify an editor who assigns a question to themselves", async () => {
    const origin = await checkWithQuestions("Are school bus routes planned by software?");
    const { factCheck } = await assignRelatedQuestion({
      actor: editor.actor,
      id: origin.id,
      input: { questionId: origin.relatedQuestions[0]!.id, assigneeId: editor.id },
    });
    expect(await getDb().select().from(notifications).where(eq(notifications.factCheckId, factCheck.id))).toEqual([]);
    expect((await getFactCheck({ actor: editor.actor, id: factCheck.id })).ownerId).toBe(editor.id);
  });
});

describe("the public link", () => {
  it("links the question to the assigned check once that is published, even after its question was reworded", async () => {
    const source = await createSource();
    const withQuestion = await createFactCheck({
      actor: writer.actor,
      input: {
        question: `Do cities plant enough street trees? ${crypto.randomUUID().slice(0, 8)}`,
        topic: "Environment",
        summary: paragraph("Most fall short of their own targets.", source.id),
        sections: [{ heading: "Targets and counts", body: paragraph("The counts trail the targets.", source.id) }],
        relatedQuestions: ["Do street trees cool a city?"],
      },
    });
    await submit(writer.actor, withQuestion.id, [reviewer]);
    await approve(reviewer.actor, withQuestion.id);
    await publishFactCheck({ actor: editor.actor, id: withQuestion.id, input: {} });
    const questionId = withQuestion.relatedQuestions[0]!.id;

    const { factCheck } = await assignRelatedQuestion({ actor: editor.actor, id: withQuestion.id, input: { questionId, assigneeId: writer2.id } });
    // Another writer's check, but published: its assignee sees the public question and page.
    expect((await getAssignmentOrigin({ actor: writer2.actor, check: factCheck }))?.origin).toEqual({
      question: withQuestion.question,
      href: `/fact-checks/${withQuestion.slug}`,
    });
    const page = async () => {
      const found = await getPublishedCheck({ slug: withQuestion.slug });
      if (found.kind !== "page") throw new Error(`expected a page, got ${found.kind}`);
      return found;
    };
    // A draft is not a link.
    expect((await page()).relatedLinks).toEqual({});

    // The writer words the question differently, and it is published.
    await updateFactCheck({
      actor: writer2.actor,
      id: factCheck.id,
      input: {
        version: factCheck.version,
        question: "How much do street trees lower summer temperatures?",
        summary: paragraph("By a few degrees on the hottest afternoons.", source.id),
        sections: [{ heading: "What the measurements show", body: paragraph("Shaded streets measured cooler.", source.id) }],
      },
    });
    await submit(writer2.actor, factCheck.id, [reviewer]);
    await approve(reviewer.actor, factCheck.id);
    const published = await publishFactCheck({ actor: editor.actor, id: factCheck.id, input: {} });

    expect((await page()).relatedLinks).toEqual({ [questionId]: published.version.slug });
    // The newsroom's publishing page sees the same answer.
    expect(await publishedAnswers(await getFactCheck({ actor: editor.actor, id: withQuestion.id }))).toEqual({ [questionId]: published.version.slug });
  });
});
