/**
 * The stored live state as a base and appended updates
 * (lib/server/live-state.ts), through the functions the live server calls
 * (lib/server/live-documents.ts): what each store writes, what a reload
 * reads, compaction, two instances storing one check in turn, an API edit
 * between stores, and the JSON content and citations rows after each, written
 * section by section where only some changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import { citations, factCheckDocumentUpdates, factCheckDocuments, factChecks } from "@/db/schema";
import { docToContent, fieldFragment, orderedEntries } from "@/lib/collab/document";
import { citationLocations } from "@/lib/citations";
import { contentOf } from "@/lib/server/content";
import { getLiveOpening, loadLiveState, mergeStoredState, storeLiveDocument } from "@/lib/server/live-documents";
import { COMPACT_AFTER, readState } from "@/lib/server/live-state";
import { createFactCheck, getFactCheck } from "@/lib/server/fact-checks";
import { useTestDatabase } from "../db";
import { createReviewer, createWriter, type TestUser } from "../factories";
import { createSource, edit, paragraph, setStatus } from "./review-fixtures";

const db = useTestDatabase();

let writer: TestUser;
let sourceIds: string[];

beforeAll(async () => {
  writer = await createWriter({ name: "Wren Writer" });
  sourceIds = [(await createSource()).id, (await createSource()).id, (await createSource()).id];
});

/** A draft of six sections, each citing a source. */
async function createCheck() {
  return createFactCheck({
    actor: writer.actor,
    input: {
      question: `Did the district save money? ${crypto.randomUUID().slice(0, 6)}`,
      summary: paragraph("Less than promised.", sourceIds[0]),
      sections: Array.from({ length: 6 }, (_, i) => ({ heading: `Part ${i + 1}`, body: paragraph(`What part ${i + 1} found.`, sourceIds[i % 3]) })),
    },
  });
}

/** An open document of the check, as an instance of the live server loads it. */
async function open(id: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadLiveState({ factCheckId: id }))!);
  return doc;
}

/** Types `text` at the start of the first paragraph of section `index`'s body. */
function typeInSection(doc: Y.Doc, index: number, text: string): void {
  const section = orderedEntries(doc, "sections")[index]!.id;
  const first = fieldFragment(doc, `section:${section}:body`)!.get(0) as Y.XmlElement;
  (first.get(0) as Y.XmlText).insert(0, text);
}

async function store(doc: Y.Doc, id: string) {
  const outcome = await storeLiveDocument({ factCheckId: id, doc, editors: [writer.actor] });
  expect(outcome.kind).toBe("stored");
  return outcome;
}

const updateRows = (id: string) =>
  db().select({ seq: factCheckDocumentUpdates.seq, bytes: sql<number>`octet_length(${factCheckDocumentUpdates.update})`.mapWith(Number) }).from(factCheckDocumentUpdates).where(eq(factCheckDocumentUpdates.factCheckId, id)).orderBy(asc(factCheckDocumentUpdates.seq));
const baseRow = async (id: string) =>
  (await db().select({ baseSeq: factCheckDocuments.baseSeq, bytes: sql<number>`octet_length(${factCheckDocuments.state})`.mapWith(Number) }).from(factCheckDocuments).where(eq(factCheckDocuments.factCheckId, id)))[0]!;
const storedRow = async (id: string) => (await db().select().from(factChecks).where(eq(factChecks.id, id)))[0]!;

/** A document built from the stored state alone, as the next opening reads it. */
async function reloaded(id: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await readState(db(), id))!);
  return doc;
}

/** The JSON content equals the live document's, and the citations rows follow it. */
async function expectContentStored(id: string, doc: Y.Doc) {
  const row = await storedRow(id);
  expect(contentOf(row)).toEqual(docToContent(doc));
  await expectStoredCitations(id);
}

describe("a store", () => {
  it("appends only what the document added: one small update per store, the base as it was; a reload gives the same document", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    const base = await baseRow(check.id);
    expect(base).toMatchObject({ baseSeq: 0 });
    expect(await updateRows(check.id)).toEqual([]);

    for (let i = 0; i < 3; i++) {
      typeInSection(doc, i, `QX${i} `);
      await store(doc, check.id);
    }
    const updates = await updateRows(check.id);
    expect(updates.map((u) => u.seq)).toEqual([1, 2, 3]);
    // Each holds a keystroke's worth, not the document.
    for (const update of updates) expect(update.bytes).toBeLessThan(base.bytes / 4);
    expect(await baseRow(check.id)).toEqual(base);

    expect(docToContent(await reloaded(check.id))).toEqual(docToContent(doc));
    const again = await open(check.id);
    expect(docToContent(again)).toEqual(docToContent(doc));
    expect(docToContent(doc).sections.map((s) => /QX\d/.test(JSON.stringify(s.body)))).toEqual([true, true, true, false, false, false]);
    await expectContentStored(check.id, doc);
  });

  it("writes nothing to the state when the document holds nothing new", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    typeInSection(doc, 0, "y");
    await store(doc, check.id);
    const outcome = await storeLiveDocument({ factCheckId: check.id, doc, editors: [writer.actor] });
    expect(outcome.kind).toBe("unchanged");
    expect((await updateRows(check.id)).length).toBe(1);
  });

  it("folds the updates into the base past the limit, the content unchanged", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    for (let i = 0; i < COMPACT_AFTER.updates; i++) {
      typeInSection(doc, i % 6, "z");
      await store(doc, check.id);
    }
    expect((await updateRows(check.id)).length).toBe(COMPACT_AFTER.updates);
    expect((await baseRow(check.id)).baseSeq).toBe(0);
    const before = docToContent(await reloaded(check.id));

    typeInSection(doc, 2, "w");
    await store(doc, check.id);
    // The write past the limit is the new base, holding every write up to it.
    expect(await updateRows(check.id)).toEqual([]);
    expect((await baseRow(check.id)).baseSeq).toBe(COMPACT_AFTER.updates + 1);
    const after = await reloaded(check.id);
    expect(docToContent(after)).toEqual(docToContent(doc));
    expect(JSON.stringify(docToContent(after).sections[2]!.body)).toBe(JSON.stringify(before.sections[2]!.body).replace("zzzzzzzzzzz", "wzzzzzzzzzzz"));

    // And stores go on appending after it.
    typeInSection(doc, 3, "v");
    await store(doc, check.id);
    expect((await updateRows(check.id)).map((u) => u.seq)).toEqual([COMPACT_AFTER.updates + 2]);
    expect(docToContent(await reloaded(check.id))).toEqual(docToContent(doc));
    await expectContentStored(check.id, doc);
  }, 120_000);
});

describe("writers besides this document", () => {
  it("two instances storing one check in turn lose nothing, each merging only what the other wrote", async () => {
    const check = await createCheck();
    const [a, b] = [await open(check.id), await open(check.id)];
    typeInSection(a, 0, "from-a ");
    await store(a, check.id);
    typeInSection(b, 1, "from-b ");
    await store(b, check.id);
    // b merged a's write before writing its own.
    expect(JSON.stringify(docToContent(b).sections[0]!.body)).toContain("from-a");
    typeInSection(a, 2, "again-a ");
    await store(a, check.id);
    expect(JSON.stringify(docToContent(a).sections[1]!.body)).toContain("from-b");
    typeInSection(b, 3, "again-b ");
    await store(b, check.id);
    // a, with nothing new of its own, takes b's last write in and writes nothing.
    expect((await storeLiveDocument({ factCheckId: check.id, doc: a, editors: [writer.actor] })).kind).toBe("unchanged");

    const stored = docToContent(await reloaded(check.id));
    const bodies = stored.sections.map((s) => JSON.stringify(s.body));
    expect(bodies[0]).toContain("from-a");
    expect(bodies[1]).toContain("from-b");
    expect(bodies[2]).toContain("again-a");
    expect(bodies[3]).toContain("again-b");
    expect(docToContent(a)).toEqual(stored);
    expect(docToContent(b)).toEqual(stored);
    await expectContentStored(check.id, b);
    // Four writes, one update each, each only its writer's keystrokes.
    const updates = await updateRows(check.id);
    expect(updates.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    for (const update of updates) expect(update.bytes).toBeLessThan((await baseRow(check.id)).bytes / 4);
  });

  it("an API edit between two stores reaches the state and is merged by the next store, the typing kept", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    typeInSection(doc, 0, "typed ");
    await store(doc, check.id);

    const row = await storedRow(check.id);
    const sections = contentOf(row).sections.map((s, i) => (i === 4 ? { ...s, heading: "Renamed through the API" } : s));
    await edit(writer.actor, check.id, { topic: "Schools", sections });
    // The API's write is an update appended to the state, like a store's.
    expect((await updateRows(check.id)).length).toBe(2);
    expect(docToContent(await reloaded(check.id))).toMatchObject({ topic: "Schools" });

    typeInSection(doc, 5, "more ");
    await store(doc, check.id);
    const live = docToContent(doc);
    expect(live.topic).toBe("Schools");
    expect(live.sections[4]!.heading).toBe("Renamed through the API");
    expect(JSON.stringify(live.sections[0]!.body)).toContain("typed ");
    expect(JSON.stringify(live.sections[5]!.body)).toContain("more ");
    expect(docToContent(await reloaded(check.id))).toEqual(live);
    await expectContentStored(check.id, doc);
  });

  it("a document that merged the stored state after a content event stores only its own change next", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    typeInSection(doc, 0, "a ");
    await store(doc, check.id);
    await edit(writer.actor, check.id, { topic: "Budgets" });
    await mergeStoredState({ factCheckId: check.id, doc });
    expect(docToContent(doc).topic).toBe("Budgets");
    typeInSection(doc, 1, "b ");
    await store(doc, check.id);
    expect((await updateRows(check.id)).length).toBe(3);
    expect(docToContent(await reloaded(check.id))).toEqual(docToContent(doc));
    await expectContentStored(check.id, doc);
  });
});

describe("the JSON content written by changed section", () => {
  const readBack = async (id: string) => (await getFactCheck({ actor: writer.actor, id })).sections;

  it("an edit of some sections leaves the others as they were; moving, adding and removing sections writes the list whole", async () => {
    const check = await createCheck();
    let sections = (await storedRow(check.id)).sections;
    // One body and one heading changed: written in place.
    sections = sections.map((s, i) => (i === 1 ? { ...s, body: paragraph("Changed body.", sourceIds[2]) } : i === 4 ? { ...s, heading: "New heading" } : s));
    await edit(writer.actor, check.id, { sections });
    expect(await readBack(check.id)).toEqual(sections);
    await expectStoredCitations(check.id);
    // Moved, added, removed.
    sections = [sections[5]!, ...sections.slice(0, 3), { id: "added-section", heading: "Added", body: paragraph("New.", sourceIds[1]) }];
    await edit(writer.actor, check.id, { sections });
    expect(await readBack(check.id)).toEqual(sections);
    await expectStoredCitations(check.id);
    // Nothing changed: the content stays, the version moves on as with any save.
    const before = await storedRow(check.id);
    await edit(writer.actor, check.id, { sections, summary: before.summary });
    expect(await readBack(check.id)).toEqual(sections);
    expect((await storedRow(check.id)).version).toBe(before.version + 1);
  });

  it("a store after someone else wrote the content reads it again, and changes only what its document changed", async () => {
    const check = await createCheck();
    const doc = await open(check.id);
    typeInSection(doc, 0, "mine ");
    await store(doc, check.id);
    // Another writer's edit changes section 3 in the row (and, through the state, in this document at its next store).
    const sections = (await storedRow(check.id)).sections.map((s, i) => (i === 3 ? { ...s, body: paragraph("Rewritten elsewhere.") } : s));
    await edit(writer.actor, check.id, { sections });
    typeInSection(doc, 5, "later ");
    await store(doc, check.id);
    const stored = await readBack(check.id);
    expect(JSON.stringify(stored[3]!.body)).toContain("Rewritten elsewhere.");
    expect(JSON.stringify(stored[0]!.body)).toContain("mine ");
    expect(JSON.stringify(stored[5]!.body)).toContain("later ");
    await expectContentStored(check.id, doc);
  });
});

async function expectStoredCitations(id: string) {
  const row = await storedRow(id);
  const rows = await db().select({ sourceId: citations.sourceId, location: citations.location }).from(citations).where(eq(citations.factCheckId, id));
  const key = (r: { sourceId: string; location: string }) => `${r.sourceId} ${r.location}`;
  expect(rows.map(key).sort()).toEqual(citationLocations(row).map(key).sort());
}

describe("the state the editor's page opens with", () => {
  it("is the stored state (built and stored at the first opening), with what the live server would allow: write on a draft, read in review, nothing to strangers", async () => {
    const check = await createCheck();
    // Never opened live: the state is built from the content and stored at once, and the live server's first load
    // reads that same state (a state the browser made up would merge as a second copy of the text).
    expect(await readState(db(), check.id)).toBeNull();
    const { opening: first } = await getLiveOpening({ actor: writer.actor, id: check.id });
    expect(first.access).toBe("write");
    const stored = (await readState(db(), check.id))!;
    expect(new Uint8Array(Buffer.from(first.state!, "base64"))).toEqual(stored);
    expect(await loadLiveState({ factCheckId: check.id })).toEqual(stored);

    const doc = await open(check.id);
    typeInSection(doc, 0, "Checked: ");
    await store(doc, check.id);
    const { opening, content } = await getLiveOpening({ actor: writer.actor, id: check.id });
    expect(opening.access).toBe("write");
    expect(new Uint8Array(Buffer.from(opening.state!, "base64"))).toEqual((await readState(db(), check.id))!);
    // The browser's document from it is the stored one, the typing included.
    const browser = new Y.Doc();
    Y.applyUpdate(browser, new Uint8Array(Buffer.from(opening.state!, "base64")));
    expect(docToContent(browser).sections![0]!.body).toEqual(docToContent(doc).sections![0]!.body);
    // The page's first view shows that same document, typing included, before the browser has any of it.
    expect(content).toEqual(docToContent(doc));
    expect(content!.sections[0]!.body).toEqual(docToContent(browser).sections[0]!.body);

    await setStatus(check.id, "in_review");
    expect((await getLiveOpening({ actor: writer.actor, id: check.id })).opening.access).toBe("read");
    const stranger = await createWriter();
    await expect(getLiveOpening({ actor: stranger.actor, id: check.id })).rejects.toMatchObject({ code: "not_found" });
    const reviewer = await createReviewer();
    await expect(getLiveOpening({ actor: reviewer.actor, id: check.id })).rejects.toMatchObject({ code: "not_found" });
  });
});
