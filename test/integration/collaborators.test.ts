/**
 * Co-writers through the domain layer: who may add and remove them, whom they
 * may add, what is stored (row, audit, inbox), the live event after the
 * change, and what a co-writer then may do and sees (desk, inbox, notices).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, factCheckCollaborators, factChecks, notifications, users } from "@/db/schema";
import { addComment } from "@/lib/server/comments";
import { addCollaborator, listCollaborators, removeCollaborator, staffToShareWith } from "@/lib/server/collaborators";
import { getFactCheck, listDesk, updateFactCheck } from "@/lib/server/fact-checks";
import { subscribeLiveEvents, type LiveEvent } from "@/lib/server/live-events";
import { listInbox } from "@/lib/server/inbox";
import { reviewFactCheck } from "@/lib/server/reviews";
import type { Actor } from "@/lib/server/actor";
import { domainErrorOf } from "../assertions";
import { countRows, useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createReadyCheck, edit, requestChanges, submit } from "./review-fixtures";

const db = useTestDatabase();

let owner: TestUser, coWriter: TestUser, third: TestUser, stranger: TestUser, reviewer: TestUser, editor: TestUser;

beforeAll(async () => {
  owner = await createWriter({ name: "Olu Owner" });
  coWriter = await createWriter({ name: "Cass Cowriter" });
  third = await createWriter({ name: "Tess Third" });
  stranger = await createWriter();
  reviewer = await createReviewer();
  editor = await createEditor({ name: "Eda Editor" });
});

// Live events seen during each test.
let events: LiveEvent[] = [];
const unsubscribe = subscribeLiveEvents((event) => events.push(event));
afterEach(() => {
  events = [];
});
void unsubscribe;

const add = (actor: Actor, factCheckId: string, userId: string) => addCollaborator({ actor, factCheckId, input: { userId } });
const remove = (actor: Actor, factCheckId: string, userId: string) => removeCollaborator({ actor, factCheckId, userId });

const rowsOf = (factCheckId: string) =>
  db().select().from(factCheckCollaborators).where(eq(factCheckCollaborators.factCheckId, factCheckId));
const auditOf = (factCheckId: string, action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.factCheckId, factCheckId), eq(auditLog.action, action)));
const inboxOf = (userId: string, factCheckId: string) =>
  db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.factCheckId, factCheckId)));

describe("adding a co-writer", () => {
  it("stores who added whom, audits it, tells the person in their inbox and publishes an access event", async () => {
    const check = await createReadyCheck(owner.actor);
    const list = await add(owner.actor, check.id, coWriter.id);

    expect(list.map((c) => [c.id, c.name, c.addedByName])).toEqual([[coWriter.id, "Cass Cowriter", "Olu Owner"]]);
    const rows = await rowsOf(check.id);
    expect(rows.map((r) => [r.userId, r.addedById])).toEqual([[coWriter.id, owner.id]]);
    expect((await auditOf(check.id, "fact_check.collaborator_added")).map((a) => [a.actorId, a.data])).toEqual([
      [owner.id, { userId: coWriter.id, name: "Cass Cowriter" }],
    ]);
    expect((await inboxOf(coWriter.id, check.id)).map((n) => [n.kind, n.actorId, n.message])).toEqual([
      ["collaborator_added", owner.id, `Olu Owner added you as a co-writer on “${check.question}”`],
    ]);
    expect(events).toEqual([{ type: "access", factCheckId: check.id, userId: coWriter.id }]);
    expect((await getFactCheck({ actor: owner.actor, id: check.id })).collaboratorIds).toEqual([coWriter.id]);
  });

  it("refuses a second add of the same person with 409 and writes nothing more", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    events = [];
    const error = await domainErrorOf(() => add(owner.actor, check.id, coWriter.id));
    expect([error.status, error.message]).toEqual([409, "Cass Cowriter is already a co-writer"]);
    expect(await rowsOf(check.id)).toHaveLength(1);
    expect(await inboxOf(coWriter.id, check.id)).toHaveLength(1);
    expect(await auditOf(check.id, "fact_check.collaborator_added")).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it("lets only one of two simultaneous adds of one person through", async () => {
    const check = await createReadyCheck(owner.actor);
    const results = await Promise.allSettled([add(owner.actor, check.id, third.id), add(editor.actor, check.id, third.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost!.reason).toMatchObject({ code: "conflict", status: 409 });
    expect(await rowsOf(check.id)).toHaveLength(1);
    expect(await inboxOf(third.id, check.id)).toHaveLength(1);
  });

  it.each([
    ["the actor themselves", (): string => owner.id, 422, "You cannot add yourself as a co-writer"],
    ["the owner (added by an editor)", (): string => owner.id, 409, "Olu Owner owns this check"],
    ["an unknown user", (): string => "no-such-user", 422, "Choose an active member of staff"],
    ["a malformed id", (): string => "not an id!", 400, "Check the highlighted fields"],
  ] as const)("refuses %s, with nothing written", async (what, userId, status, message) => {
    const check = await createReadyCheck(owner.actor);
    const actor = what.startsWith("the owner") ? editor.actor : owner.actor;
    const before = await countRows(db(), "notifications");
    const error = await domainErrorOf(() => add(actor, check.id, userId()));
    expect([error.status, error.message]).toEqual([status, message]);
    expect(error.fields).toHaveProperty("userId");
    expect(await rowsOf(check.id)).toEqual([]);
    expect(await countRows(db(), "notifications")).toBe(before);
    expect(events).toEqual([]);
  });

  it("refuses a disabled user with 422", async () => {
    const gone = await createWriter({ disabledAt: new Date() });
    const check = await createReadyCheck(owner.actor);
    const error = await domainErrorOf(() => add(owner.actor, check.id, gone.id));
    expect([error.code, error.status, error.fields]).toEqual(["unprocessable", 422, { userId: "Choose an active member of staff" }]);
  });

  it("refuses the assignee, who already writes the check", async () => {
    const check = await createReadyCheck(owner.actor);
    await db().update(factChecks).set({ assigneeId: third.id }).where(eq(factChecks.id, check.id));
    const error = await domainErrorOf(() => add(owner.actor, check.id, third.id));
    expect([error.status, error.message]).toEqual([409, "Tess Third is assigned to this check and already writes it"]);
  });

  it("refuses someone reviewing the check now, and accepts them once the round is over", async () => {
    const check = await createReadyCheck(owner.actor);
    await submit(owner.actor, check.id, [reviewer]);
    const error = await domainErrorOf(() => add(owner.actor, check.id, reviewer.id));
    expect([error.status, error.message]).toEqual([409, `${reviewer.name} is reviewing this check; a reviewer cannot also write it`]);
    expect(await rowsOf(check.id)).toEqual([]);

    await requestChanges(reviewer.actor, check.id);
    await add(owner.actor, check.id, reviewer.id);
    // Now a writer, they can no longer be asked to review it.
    const resubmit = await domainErrorOf(() => submit(owner.actor, check.id, [reviewer]));
    expect([resubmit.status, resubmit.fields]).toEqual([400, { reviewerIds: "Choose someone other than the check's writer" }]);
  });
});

describe("who may add and remove", () => {
  it("lets a co-writer add another co-writer and remove one", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    await add(coWriter.actor, check.id, third.id);
    expect((await rowsOf(check.id)).map((r) => [r.userId, r.addedById])).toEqual([
      [coWriter.id, owner.id],
      [third.id, coWriter.id],
    ]);
    await remove(coWriter.actor, check.id, third.id);
    expect((await rowsOf(check.id)).map((r) => r.userId)).toEqual([coWriter.id]);
  });

  it("lets an editor add and remove co-writers on any check", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(editor.actor, check.id, coWriter.id);
    await remove(editor.actor, check.id, coWriter.id);
    expect(await rowsOf(check.id)).toEqual([]);
  });

  it.each(["owner", "co-writer", "editor"] as const)("never lets the %s remove the owner", async (who) => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    const actor = { owner, "co-writer": coWriter, editor }[who].actor;
    const error = await domainErrorOf(() => remove(actor, check.id, owner.id));
    expect([error.code, error.status, error.message]).toEqual(["conflict", 409, "The owner of a check cannot be removed from it"]);
    expect((await getFactCheck({ actor: owner.actor, id: check.id })).ownerId).toBe(owner.id);
  });

  it("answers 404 to a writer who cannot see the check, and 403 to a reviewer who only reads it", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    await submit(owner.actor, check.id, [reviewer]);
    for (const call of [() => add(stranger.actor, check.id, third.id), () => remove(stranger.actor, check.id, coWriter.id)]) {
      const error = await domainErrorOf(call);
      expect([error.status, error.message]).toEqual([404, "Fact-check not found"]);
    }
    for (const call of [() => add(reviewer.actor, check.id, third.id), () => remove(reviewer.actor, check.id, coWriter.id)]) {
      const error = await domainErrorOf(call);
      expect([error.status, error.message]).toEqual([403, "Only the check's writers and editors can add or remove co-writers"]);
    }
    expect((await rowsOf(check.id)).map((r) => r.userId)).toEqual([coWriter.id]);
  });

  it("answers 404 for someone who is not a co-writer", async () => {
    const check = await createReadyCheck(owner.actor);
    const error = await domainErrorOf(() => remove(owner.actor, check.id, third.id));
    expect([error.status, error.message]).toEqual([404, "That person is not a co-writer of this check"]);
  });
});

describe("removing a co-writer", () => {
  it("takes the check away at once: reads, edits, desk and inbox links; audits, tells them, publishes access", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    expect((await listInbox({ actor: coWriter.actor })).find((n) => n.kind === "collaborator_added")?.href).toBe(`/desk/fact-checks/${check.id}`);
    events = [];

    await remove(owner.actor, check.id, coWriter.id);
    expect(events).toEqual([{ type: "access", factCheckId: check.id, userId: coWriter.id }]);
    expect((await domainErrorOf(() => getFactCheck({ actor: coWriter.actor, id: check.id }))).status).toBe(404);
    const version = (await getFactCheck({ actor: owner.actor, id: check.id })).version;
    const write = await domainErrorOf(() => updateFactCheck({ actor: coWriter.actor, id: check.id, input: { version, topic: "Mine now" } }));
    expect(write.status).toBe(404);
    expect((await listDesk({ actor: coWriter.actor })).mine.map((i) => i.id)).not.toContain(check.id);
    const inbox = (await listInbox({ actor: coWriter.actor })).filter((n) => n.message.includes(check.question));
    expect(inbox.map((n) => [n.kind, n.href])).toEqual([
      ["collaborator_removed", null],
      ["collaborator_added", null],
    ]);
    expect((await auditOf(check.id, "fact_check.collaborator_removed")).map((a) => [a.actorId, a.data])).toEqual([
      [owner.id, { userId: coWriter.id, name: "Cass Cowriter" }],
    ]);
  });

  it("lets a co-writer leave (no notice to themselves)", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    await remove(coWriter.actor, check.id, coWriter.id);
    expect(await rowsOf(check.id)).toEqual([]);
    expect((await inboxOf(coWriter.id, check.id)).map((n) => n.kind)).toEqual(["collaborator_added"]);
  });
});

describe("what a co-writer may do and sees", () => {
  it("lists the check on their desk as a co-writer's, with its co-writers", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    const item = (await listDesk({ actor: coWriter.actor })).mine.find((i) => i.id === check.id);
    expect(item).toMatchObject({ role: "collaborator", ownerName: "Olu Owner", collaboratorIds: [coWriter.id] });
    expect((await listDesk({ actor: owner.actor })).mine.find((i) => i.id === check.id)).toMatchObject({ role: "owner" });
  });

  it("edits, submits and hears what the owner hears (changes requested, comments)", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    const edited = await edit(coWriter.actor, check.id, { topic: "Housing" });
    expect(edited.topic).toBe("Housing");
    expect((await submit(coWriter.actor, check.id, [reviewer])).status).toBe("in_review");
    await reviewFactCheck({ actor: reviewer.actor, id: check.id, input: { decision: "request_changes", comment: "Source the 2019 count." } });
    await addComment({ actor: owner.actor, id: check.id, input: { body: "I will take section 2." } });
    const kinds = (await inboxOf(coWriter.id, check.id)).map((n) => n.kind).sort();
    expect(kinds).toEqual(["changes_requested", "collaborator_added", "comment"]);
    // The owner hears of the co-writer's submission round too.
    expect((await inboxOf(owner.id, check.id)).map((n) => n.kind)).toContain("changes_requested");
  });

  it("gives the Share dialog the enabled staff, only to those who may share the check", async () => {
    const check = await createReadyCheck(owner.actor);
    const ids = (staff: { id: string }[]) => staff.map((s) => s.id);
    const offered = await staffToShareWith({ actor: owner.actor, factCheckId: check.id });
    expect(ids(offered)).toEqual(expect.arrayContaining([coWriter.id, third.id, editor.id, reviewer.id]));
    expect(offered.find((s) => s.id === editor.id)).toEqual({ id: editor.id, name: "Eda Editor", email: editor.email, role: "editor" });
    // An editor may share any check; a disabled account is not offered.
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, third.id));
    const byEditor = await staffToShareWith({ actor: editor.actor, factCheckId: check.id });
    expect(ids(byEditor)).toContain(coWriter.id);
    expect(ids(byEditor)).not.toContain(third.id);
    await db().update(users).set({ disabledAt: null }).where(eq(users.id, third.id));
    // A writer who cannot see the check, and its reviewer, who reads it but may not share it.
    expect((await domainErrorOf(() => staffToShareWith({ actor: stranger.actor, factCheckId: check.id }))).status).toBe(404);
    await submit(owner.actor, check.id, [reviewer]);
    expect((await domainErrorOf(() => staffToShareWith({ actor: reviewer.actor, factCheckId: check.id }))).status).toBe(403);
  });

  it("shows the owner, the assignee and the co-writers to anyone who may see the check", async () => {
    const check = await createReadyCheck(owner.actor);
    await add(owner.actor, check.id, coWriter.id);
    const sharing = await listCollaborators({ actor: coWriter.actor, factCheckId: check.id });
    expect(sharing.owner).toMatchObject({ id: owner.id, name: "Olu Owner" });
    expect(sharing.assignee).toBeNull();
    expect(sharing.collaborators.map((c) => c.id)).toEqual([coWriter.id]);
    expect((await domainErrorOf(() => listCollaborators({ actor: stranger.actor, factCheckId: check.id }))).status).toBe(404);
    // A disabled co-writer is still listed (and can be removed), marked disabled.
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.id, third.id));
    await db().insert(factCheckCollaborators).values({ factCheckId: check.id, userId: third.id, addedById: owner.id });
    const again = await listCollaborators({ actor: owner.actor, factCheckId: check.id });
    expect(again.collaborators.map((c) => [c.id, c.disabled])).toEqual([
      [coWriter.id, false],
      [third.id, true],
    ]);
    await db().update(users).set({ disabledAt: null }).where(eq(users.id, third.id));
  });
});
