/**
 * Fact-checks through the domain layer: creating (slugs, validation), reading
 * (who may see a draft), updating (optimistic versions, validation, section ids
 * and order) and the desk.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { factChecks } from "@/db/schema";
import { LIMITS, type RichDoc } from "@/lib/document";
import { createFactCheck, getFactCheck, listDesk, updateFactCheck } from "@/lib/server/fact-checks";
import { domainErrorOf } from "../assertions";
import { countRows, useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";

const db = useTestDatabase();

let writer: TestUser;
let otherWriter: TestUser;
let reviewer: TestUser;
let editor: TestUser;

beforeAll(async () => {
  writer = await createWriter();
  otherWriter = await createWriter();
  reviewer = await createReviewer();
  editor = await createEditor();
});

const body = (text: string): RichDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

let n = 0;
/** A question no other test uses (slugs are global). */
const uniqueQuestion = (stem = "Is the river cleaner than in 2010") => `${stem} ${++n} ${crypto.randomUUID().slice(0, 6)}?`;

const storedRow = async (id: string) => {
  const [row] = await db().select().from(factChecks).where(eq(factChecks.id, id));
  return row!;
};

describe("createFactCheck", () => {
  it("stores a draft owned by the actor, with a slug from the question and defaults", async () => {
    const check = await createFactCheck({ actor: writer.actor, input: { question: "  Did  the city plant 10,000 trees in 2024? " } });
    expect(check).toMatchObject({
      question: "Did the city plant 10,000 trees in 2024?",
      slug: "did-the-city-plant-10-000-trees-in-2024",
      status: "draft",
      ownerId: writer.id,
      assigneeId: null,
      collaboratorIds: [],
      version: 1,
      topic: null,
      summary: { type: "doc", content: [{ type: "paragraph" }] },
      sections: [],
      relatedQuestions: [],
      refreshIntervalDays: null,
      checkedOn: null,
      nextRefreshAt: null,
    });
    const row = await storedRow(check.id);
    expect(row).toMatchObject({ question: check.question, slug: check.slug, ownerId: writer.id, updatedById: writer.id, version: 1 });
  });

  it("gives a repeated question a numbered slug", async () => {
    const question = "Does the new bridge cut commute times?";
    const first = await createFactCheck({ actor: writer.actor, input: { question } });
    const second = await createFactCheck({ actor: otherWriter.actor, input: { question } });
    const third = await createFactCheck({ actor: writer.actor, input: { question: `${question}!` } });
    expect([first.slug, second.slug, third.slug]).toEqual([
      "does-the-new-bridge-cut-commute-times",
      "does-the-new-bridge-cut-commute-times-2",
      "does-the-new-bridge-cut-commute-times-3",
    ]);
  });

  it("gives concurrent checks with one question distinct slugs", async () => {
    const question = "Are e-scooters banned on city sidewalks?";
    const checks = await Promise.all([1, 2, 3, 4].map(() => createFactCheck({ actor: writer.actor, input: { question } })));
    const slugs = checks.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(4);
    for (const slug of slugs) expect(slug).toMatch(/^are-e-scooters-banned-on-city-sidewalks(-[0-9a-z]+)?$/);
    expect(slugs).toContain("are-e-scooters-banned-on-city-sidewalks");
  });

  it("gives sections and related questions ids and keeps their order", async () => {
    const check = await createFactCheck({
      actor: writer.actor,
      input: {
        question: uniqueQuestion(),
        topic: " Environment ",
        summary: body("Mostly yes."),
        sections: [
          { heading: "Sampling", body: body("Monthly samples.") },
          { heading: "Results", body: body("Fewer bacteria.") },
        ],
        relatedQuestions: ["Is swimming allowed?", { text: "Who tests the water?" }],
      },
    });
    expect(check.topic).toBe("Environment");
    expect(check.sections.map((s) => s.heading)).toEqual(["Sampling", "Results"]);
    expect(check.relatedQuestions.map((q) => q.text)).toEqual(["Is swimming allowed?", "Who tests the water?"]);
    for (const item of [...check.sections, ...check.relatedQuestions]) expect(item.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await storedRow(check.id)).sections).toEqual(check.sections);
  });

  it.each([
    ["an empty question", "", "Enter the question"],
    ["a whitespace-only question", " \t\n ", "Enter the question"],
    ["an over-long question", "q".repeat(LIMITS.question + 1), `The question must be at most ${LIMITS.question} characters`],
  ])("refuses %s with a field error and stores nothing", async (_, question, message) => {
    const before = await countRows(db(), "fact_checks");
    const error = await domainErrorOf(() => createFactCheck({ actor: writer.actor, input: { question } }));
    expect(error.code).toBe("invalid");
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ question: message });
    expect(await countRows(db(), "fact_checks")).toBe(before);
  });

  it("refuses a missing question, unknown fields and fields the server owns", async () => {
    const before = await countRows(db(), "fact_checks");
    expect((await domainErrorOf(() => createFactCheck({ actor: writer.actor, input: {} }))).fields).toEqual({
      question: "Enter the question",
    });
    const unknown = await domainErrorOf(() =>
      createFactCheck({ actor: writer.actor, input: { question: uniqueQuestion(), status: "published", ownerId: otherWriter.id } }),
    );
    expect(unknown.code).toBe("invalid");
    expect(unknown.fields).toEqual({ _: "Unknown fields: status, ownerId" });
    expect(await countRows(db(), "fact_checks")).toBe(before);
  });

  it("refuses malformed rich text with the field that holds it", async () => {
    const error = await domainErrorOf(() =>
      createFactCheck({
        actor: writer.actor,
        input: { question: uniqueQuestion(), sections: [{ heading: "H", body: { type: "doc", content: [{ type: "script" }] } }] },
      }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ "sections.0.body": "Rich text contains an unsupported element" });
  });
});

describe("getFactCheck", () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = (await createFactCheck({ actor: writer.actor, input: { question: uniqueQuestion() } })).id;
  });

  it("shows the owner their draft", async () => {
    expect(await getFactCheck({ actor: writer.actor, id: draftId })).toMatchObject({ id: draftId, ownerId: writer.id });
  });

  it("shows an editor any draft", async () => {
    expect(await getFactCheck({ actor: editor.actor, id: draftId })).toMatchObject({ id: draftId });
  });

  it("shows an assignee the draft they are assigned to", async () => {
    await db().update(factChecks).set({ assigneeId: otherWriter.id }).where(eq(factChecks.id, draftId));
    expect(await getFactCheck({ actor: otherWriter.actor, id: draftId })).toMatchObject({ id: draftId, assigneeId: otherWriter.id });
    await db().update(factChecks).set({ assigneeId: null }).where(eq(factChecks.id, draftId));
  });

  it.each(["otherWriter", "reviewer"] as const)("answers not_found to %s, as for a check that does not exist", async (who) => {
    const actor = (who === "otherWriter" ? otherWriter : reviewer).actor;
    const hidden = await domainErrorOf(() => getFactCheck({ actor, id: draftId }));
    const missing = await domainErrorOf(() => getFactCheck({ actor, id: "no-such-check" }));
    expect([hidden.code, hidden.status, hidden.message]).toEqual(["not_found", 404, "Fact-check not found"]);
    expect([missing.code, missing.message]).toEqual([hidden.code, hidden.message]);
  });
});

describe("updateFactCheck", () => {
  const create = (input: Record<string, unknown> = {}) =>
    createFactCheck({ actor: writer.actor, input: { question: uniqueQuestion(), ...input } });

  it("applies the change, increments the version and records who saved", async () => {
    const check = await create();
    const updated = await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: { version: 1, summary: body("Updated summary."), verdict: "Mostly true" },
    });
    expect(updated).toMatchObject({ version: 2, summary: body("Updated summary."), verdict: "Mostly true", question: check.question });
    const again = await updateFactCheck({ actor: editor.actor, id: check.id, input: { version: 2, topic: "Water" } });
    expect(again.version).toBe(3);
    expect(await storedRow(check.id)).toMatchObject({ version: 3, topic: "Water", verdict: "Mostly true", updatedById: editor.id });
  });

  it("refuses a stale version with version_conflict and the current version, changing nothing", async () => {
    const check = await create({ summary: body("Original.") });
    await updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, summary: body("First edit.") } });
    const before = await storedRow(check.id);
    const error = await domainErrorOf(() =>
      updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, summary: body("Lost edit.") } }),
    );
    expect(error.code).toBe("version_conflict");
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ currentVersion: 2 });
    expect(error.toJSON().error).toMatchObject({ code: "version_conflict", currentVersion: 2 });
    expect(await storedRow(check.id)).toEqual(before);
  });

  it("lets only one of two saves from the same version win", async () => {
    const check = await create();
    const results = await Promise.allSettled([
      updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, topic: "A" } }),
      updateFactCheck({ actor: editor.actor, id: check.id, input: { version: 1, topic: "B" } }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
    const row = await storedRow(check.id);
    expect(row.version).toBe(2);
    expect(row.topic).toBe((won[0] as PromiseFulfilledResult<{ topic: string }>).value.topic);
  });

  it("requires the version", async () => {
    const check = await create();
    const error = await domainErrorOf(() => updateFactCheck({ actor: writer.actor, id: check.id, input: { topic: "x" } }));
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ version: "Send the version this edit started from" });
  });

  it("refuses duplicate section ids and changes nothing", async () => {
    const check = await create();
    const before = await storedRow(check.id);
    const error = await domainErrorOf(() =>
      updateFactCheck({
        actor: writer.actor,
        id: check.id,
        input: {
          version: 1,
          sections: [
            { id: "s1", heading: "One", body: body("1") },
            { id: "s1", heading: "Two", body: body("2") },
          ],
        },
      }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ "sections.1.id": "Duplicate section" });
    expect(await storedRow(check.id)).toEqual(before);
  });

  it.each([
    ["a JSON string that does not parse", "{not json", "Malformed rich-text JSON"],
    ["an unknown node", { type: "doc", content: [{ type: "image", attrs: { src: "x" } }] }, "Rich text contains an unsupported element"],
    [
      "a javascript: link",
      { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] },
      "Links must be http, https or mailto URLs",
    ],
  ])("refuses a summary with %s", async (_, summary, message) => {
    const check = await create();
    const before = await storedRow(check.id);
    const error = await domainErrorOf(() => updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, summary } }));
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ summary: message });
    expect(await storedRow(check.id)).toEqual(before);
  });

  it("accepts rich text sent as a JSON string (how the editor sends it)", async () => {
    const check = await create();
    const updated = await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: { version: 1, summary: JSON.stringify(body("From a string.")) },
    });
    expect(updated.summary).toEqual(body("From a string."));
  });

  it("refuses unknown fields", async () => {
    const check = await create();
    const error = await domainErrorOf(() =>
      updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, status: "published" } }),
    );
    expect(error.code).toBe("invalid");
    expect(error.fields).toEqual({ _: "Unknown field: status" });
    expect((await storedRow(check.id)).status).toBe("draft");
  });

  it("gives new sections ids, keeps given ones, and persists a reorder", async () => {
    const check = await create();
    const first = await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: {
        version: 1,
        sections: [
          { heading: "A", body: body("a") },
          { id: "keep-b", heading: "B", body: body("b") },
          { heading: "C", body: body("c") },
        ],
      },
    });
    const [a, b, c] = first.sections;
    expect(a!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b!.id).toBe("keep-b");
    expect(c!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(first.sections.map((s) => s.id)).size).toBe(3);

    const reordered = await updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 2, sections: [c, a, b] } });
    expect(reordered.sections).toEqual([c, a, b]);
    expect((await getFactCheck({ actor: writer.actor, id: check.id })).sections.map((s) => s.heading)).toEqual(["C", "A", "B"]);
  });

  it("moves the slug with the question until the check is published", async () => {
    const check = await create();
    const updated = await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: { version: 1, question: "Was 2024 the warmest year on record here?" },
    });
    expect(updated.slug).toBe("was-2024-the-warmest-year-on-record-here");
  });

  it("answers not_found to a writer who may not see the check, and changes nothing", async () => {
    const check = await create();
    const error = await domainErrorOf(() => updateFactCheck({ actor: otherWriter.actor, id: check.id, input: { version: 1, topic: "x" } }));
    expect(error.code).toBe("not_found");
    expect((await storedRow(check.id)).version).toBe(1);
  });

  it("refuses edits to a published check", async () => {
    const check = await create();
    await db().update(factChecks).set({ status: "published" }).where(eq(factChecks.id, check.id));
    const error = await domainErrorOf(() => updateFactCheck({ actor: writer.actor, id: check.id, input: { version: 1, topic: "x" } }));
    expect([error.code, error.status, error.message]).toEqual(["forbidden", 403, "This check is published; start a refresh to change it"]);
    expect(await storedRow(check.id)).toMatchObject({ version: 1, topic: null, status: "published" });
  });
});

describe("listDesk", () => {
  it("lists a writer's own and assigned checks, newest first, and no waiting list", async () => {
    const deskWriter = await createWriter();
    const own = await createFactCheck({ actor: deskWriter.actor, input: { question: uniqueQuestion("Own") } });
    const assigned = await createFactCheck({ actor: otherWriter.actor, input: { question: uniqueQuestion("Assigned") } });
    await db().update(factChecks).set({ assigneeId: deskWriter.id, updatedAt: new Date(Date.now() + 60_000) }).where(eq(factChecks.id, assigned.id));
    await createFactCheck({ actor: otherWriter.actor, input: { question: uniqueQuestion("Not mine") } });

    const desk = await listDesk({ actor: deskWriter.actor });
    expect(desk.mine.map((item) => [item.id, item.role, item.ownerName])).toEqual([
      [assigned.id, "assignee", otherWriter.name],
      [own.id, "owner", deskWriter.name],
    ]);
    expect(desk.mine[1]).toEqual({
      id: own.id,
      question: own.question,
      status: "draft",
      topic: null,
      updatedAt: own.updatedAt,
      updatedByName: deskWriter.name,
      ownerName: deskWriter.name,
      collaboratorIds: [],
      role: "owner",
      // Nobody has it open live (no live server in this process).
      editingNow: [],
    });
    expect(desk.waiting).toEqual([]);
  });

  it("shows editors the approved checks waiting to be published, oldest first", async () => {
    const older = await createFactCheck({ actor: writer.actor, input: { question: uniqueQuestion("Older") } });
    const newer = await createFactCheck({ actor: writer.actor, input: { question: uniqueQuestion("Newer") } });
    const base = Date.now() + 3_600_000;
    await db().update(factChecks).set({ status: "approved", updatedAt: new Date(base) }).where(eq(factChecks.id, older.id));
    await db().update(factChecks).set({ status: "approved", updatedAt: new Date(base + 1000) }).where(eq(factChecks.id, newer.id));

    const waiting = (await listDesk({ actor: editor.actor })).waiting.map((item) => [item.id, item.role]);
    const ours = waiting.filter(([id]) => id === older.id || id === newer.id);
    expect(ours).toEqual([
      [older.id, "waiting"],
      [newer.id, "waiting"],
    ]);
    expect((await listDesk({ actor: reviewer.actor })).waiting).toEqual([]);
  });
});
