/**
 * Who may do what to a check, through every entry point of the domain layer:
 * six kinds of people × view / edit / add / remove a co-writer / submit /
 * review, on a real database. Then the policy's two forms (`can` and the SQL
 * of `allowedRows`) agree for every person, action and kind of check, and so
 * do the desk's lists.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { factChecks } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { addCollaborator, removeCollaborator } from "@/lib/server/collaborators";
import { DomainError } from "@/lib/server/errors";
import { getFactCheck, listDesk, updateFactCheck } from "@/lib/server/fact-checks";
import { allowedRows, can, loadFactCheck, type FactCheckAction } from "@/lib/server/policies/fact-check";
import { useTestDatabase } from "../db";
import { createAdmin, createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { approve, createReadyCheck, edit, snapshot, submit } from "./review-fixtures";

const db = useTestDatabase();

type Person = "owner" | "co-writer" | "other writer" | "reviewer sent it" | "other reviewer" | "editor" | "admin";
type Action = "view" | "edit" | "add" | "remove" | "submit" | "review";
type Outcome = "ok" | 403 | 404;

let people: Record<Person, TestUser>;
let removable: TestUser, newcomer: TestUser, reviewer2: TestUser;

beforeAll(async () => {
  people = {
    owner: await createWriter(),
    "co-writer": await createWriter(),
    "other writer": await createWriter(),
    "reviewer sent it": await createReviewer(),
    "other reviewer": await createReviewer(),
    editor: await createEditor(),
    admin: await createAdmin(),
  };
  removable = await createWriter();
  newcomer = await createWriter();
  reviewer2 = await createReviewer();
});

const MATRIX: Record<Person, Record<Action, Outcome>> = {
  owner: { view: "ok", edit: "ok", add: "ok", remove: "ok", submit: "ok", review: 403 },
  "co-writer": { view: "ok", edit: "ok", add: "ok", remove: "ok", submit: "ok", review: 403 },
  "other writer": { view: 404, edit: 404, add: 404, remove: 404, submit: 404, review: 404 },
  "reviewer sent it": { view: "ok", edit: 403, add: 403, remove: 403, submit: 403, review: "ok" },
  "other reviewer": { view: 404, edit: 404, add: 404, remove: 404, submit: 404, review: 404 },
  editor: { view: "ok", edit: "ok", add: "ok", remove: "ok", submit: 403, review: 403 },
  admin: { view: "ok", edit: "ok", add: "ok", remove: "ok", submit: 403, review: 403 },
};

/**
 * A draft with two co-writers that was sent to "reviewer sent it" and then
 * edited (which withdrew that round); for "review", sent to them again.
 */
async function fixture(action: Action): Promise<string> {
  const owner = people.owner.actor;
  const check = await createReadyCheck(owner);
  await addCollaborator({ actor: owner, factCheckId: check.id, input: { userId: people["co-writer"].id } });
  await addCollaborator({ actor: owner, factCheckId: check.id, input: { userId: removable.id } });
  await submit(owner, check.id, [people["reviewer sent it"]]);
  await edit(owner, check.id, { topic: "Housing" });
  if (action === "review") await submit(owner, check.id, [people["reviewer sent it"]]);
  return check.id;
}

async function attempt(action: Action, actor: Actor, id: string): Promise<void> {
  switch (action) {
    case "view":
      await getFactCheck({ actor, id });
      return;
    case "edit": {
      // Someone who cannot see the check has no version of their own to send: use the owner's.
      const { version } = await getFactCheck({ actor: people.owner.actor, id });
      await updateFactCheck({ actor, id, input: { version, topic: "Edited" } });
      return;
    }
    case "add":
      await addCollaborator({ actor, factCheckId: id, input: { userId: newcomer.id } });
      return;
    case "remove":
      await removeCollaborator({ actor, factCheckId: id, userId: removable.id });
      return;
    case "submit":
      await submit(actor, id, [reviewer2]);
      return;
    case "review":
      await approve(actor, id);
      return;
  }
}

describe("the permission matrix", () => {
  for (const person of Object.keys(MATRIX) as Person[]) {
    for (const action of Object.keys(MATRIX[person]) as Action[]) {
      const expected = MATRIX[person][action];
      it(`${person} × ${action}: ${expected === "ok" ? "allowed" : `refused ${expected}`}`, async () => {
        const id = await fixture(action);
        const before = await snapshot(id);
        let outcome: Outcome = "ok";
        try {
          await attempt(action, people[person].actor, id);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          outcome = error.status as Outcome;
        }
        expect(outcome).toBe(expected);
        // A refusal changes nothing; reads change nothing either.
        if (expected !== "ok" || action === "view") expect(await snapshot(id)).toBe(before);
      });
    }
  }
});

describe("can() and allowedRows() agree", () => {
  const ACTIONS: FactCheckAction[] = ["view", "write", "update", "share", "review", "publish"];
  const ids: string[] = [];

  beforeAll(async () => {
    // A draft with a co-writer sent for review; the same published; one assigned to the "other writer"; one nobody else touches.
    const owner = people.owner.actor;
    for (const status of ["draft", "published"] as const) {
      const check = await createReadyCheck(owner);
      await addCollaborator({ actor: owner, factCheckId: check.id, input: { userId: people["co-writer"].id } });
      await submit(owner, check.id, [people["reviewer sent it"]]);
      await db().update(factChecks).set({ status }).where(eq(factChecks.id, check.id));
      ids.push(check.id);
    }
    const assigned = await createReadyCheck(owner);
    await db().update(factChecks).set({ assigneeId: people["other writer"].id }).where(eq(factChecks.id, assigned.id));
    ids.push(assigned.id, (await createReadyCheck(owner)).id);
    // One in review, waiting for both reviewers until one approves; one approved by its reviewer.
    const inReview = await createReadyCheck(owner);
    await submit(owner, inReview.id, [people["reviewer sent it"], people["other reviewer"]]);
    await approve(people["other reviewer"].actor, inReview.id);
    const approved = await createReadyCheck(owner);
    await submit(owner, approved.id, [people["reviewer sent it"]]);
    await approve(people["reviewer sent it"].actor, approved.id);
    ids.push(inReview.id, approved.id);
  });

  for (const person of Object.keys(MATRIX) as Person[]) {
    it(`for ${person}`, async () => {
      const actor = people[person].actor;
      for (const action of ACTIONS) {
        const byQuery = await db()
          .select({ id: factChecks.id })
          .from(factChecks)
          .where(and(inArray(factChecks.id, ids), allowedRows(actor, action)));
        const byRow: string[] = [];
        for (const id of ids) {
          const row = (await loadFactCheck(db(), { id }))!;
          if (can(actor, action, row)) byRow.push(id);
        }
        expect(byQuery.map((r) => r.id).sort(), `${person} × ${action}`).toEqual(byRow.sort());
      }
    });
  }

  it("the desk lists what the policy says: waiting for the actor's review, or to be published by them", async () => {
    for (const person of Object.keys(MATRIX) as Person[]) {
      const actor = people[person].actor;
      const { waiting } = await listDesk({ actor });
      const listed = (role: "review" | "waiting") => waiting.filter((item) => item.role === role && ids.includes(item.id)).map((item) => item.id).sort();
      const allowed = async (action: "review" | "publish") => {
        const rows = await Promise.all(ids.map((id) => loadFactCheck(db(), { id })));
        return rows.filter((row) => can(actor, action, row!)).map((row) => row!.id).sort();
      };
      expect(listed("review"), `${person}: waiting for their review`).toEqual(await allowed("review"));
      expect(listed("waiting"), `${person}: waiting to be published`).toEqual(await allowed("publish"));
    }
    // Not empty: the reviewer still owes an answer on one; editors see the approved one.
    expect((await listDesk({ actor: people["reviewer sent it"].actor })).waiting.filter((i) => ids.includes(i.id)).map((i) => i.id)).toEqual([ids[4]]);
    expect((await listDesk({ actor: people.editor.actor })).waiting.filter((i) => ids.includes(i.id)).map((i) => i.id)).toEqual([ids[5]]);
  });

  it("answers differently for different people (the comparison is not empty)", async () => {
    const owner = people.owner.actor;
    const seen = await db().select({ id: factChecks.id }).from(factChecks).where(and(inArray(factChecks.id, ids), allowedRows(owner, "update")));
    expect(seen.map((r) => r.id).sort()).toEqual([ids[0], ids[2], ids[3], ids[4], ids[5]].sort());
    const reviewer = people["reviewer sent it"].actor;
    const read = await db().select({ id: factChecks.id }).from(factChecks).where(and(inArray(factChecks.id, ids), allowedRows(reviewer, "view")));
    expect(read.map((r) => r.id).sort()).toEqual([ids[0], ids[1], ids[4], ids[5]].sort());
  });
});

describe("reading a check", () => {
  it("outside a page's render every read goes to the database: a change between two reads is seen by the second", async () => {
    const [check] = await db().select({ id: factChecks.id, question: factChecks.question }).from(factChecks).limit(1);
    const first = await loadFactCheck(db(), { id: check!.id });
    expect(first!.question).toBe(check!.question);
    await db().update(factChecks).set({ question: `${check!.question} (reworded)` }).where(eq(factChecks.id, check!.id));
    expect((await loadFactCheck(db(), { id: check!.id }))!.question).toBe(`${check!.question} (reworded)`);
    expect((await getFactCheck({ actor: people.admin.actor, id: check!.id })).question).toBe(`${check!.question} (reworded)`);
    await db().update(factChecks).set({ question: check!.question }).where(eq(factChecks.id, check!.id));
  });
});
