/**
 * The source library through its domain layer: adding (with URL dedupe, also
 * under concurrent inserts), editing with history and audit, status changes,
 * search, the source page's citing checks, deletion rules, and citations kept
 * in step with fact-check saves.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, citations, factChecks, notifications, sourceHistory, sources } from "@/db/schema";
import type { RichDoc } from "@/lib/document";
import { setClockOffset } from "@/lib/server/clock";
import { createFactCheck, getFactCheck, updateFactCheck } from "@/lib/server/fact-checks";
import {
  createSource,
  deleteSource,
  getSource,
  getSourcesByIds,
  updateSource,
  type SourceDto,
} from "@/lib/server/sources";
import { searchSources, toPrefixQuery } from "@/lib/server/source-search";
import { domainErrorOf } from "../assertions";
import { countRows, queryRows, useTestDatabase } from "../db";
import { createEditor, createWriter, type TestUser } from "../factories";

const db = useTestDatabase();

let writer: TestUser;
let otherWriter: TestUser;
let editor: TestUser;

beforeAll(async () => {
  writer = await createWriter();
  otherWriter = await createWriter();
  editor = await createEditor();
});

let n = 0;
const uniqueUrl = (path = "report") => `https://www.example.org/${path}-${++n}-${crypto.randomUUID().slice(0, 6)}`;

async function addSource(fields: Record<string, unknown> = {}, actor = writer.actor): Promise<SourceDto> {
  return createSource({ actor, input: { url: uniqueUrl(), title: "A source", ...fields } });
}

const cite = (sourceId: string) => ({ type: "citation" as const, attrs: { sourceId } });
const doc = (...inline: ({ type: "text"; text: string } | ReturnType<typeof cite>)[]): RichDoc => ({
  type: "doc",
  content: [{ type: "paragraph", content: inline }],
});
const text = (t: string) => ({ type: "text" as const, text: t });

describe("adding a source", () => {
  it("stores the fields, defaults the verified date to today and starts its history", async () => {
    setClockOffset(0);
    const source = await createSource({
      actor: writer.actor,
      input: {
        url: "https://www.example.org/transport/injury-study?utm_source=newsletter#results",
        title: "  Injury trends on   protected bike lanes ",
        publisher: "Example Transport Institute",
        author: "J. Rivera",
        publishedOn: "2024-03-18",
        archivedUrl: "https://archive.example.net/2024/injury-study",
        notes: "Table 3 has the before/after counts.\nSee also the appendix.",
      },
    });
    expect(source).toMatchObject({
      url: "https://www.example.org/transport/injury-study#results",
      normalizedUrl: "https://www.example.org/transport/injury-study",
      title: "Injury trends on protected bike lanes",
      publisher: "Example Transport Institute",
      author: "J. Rivera",
      publishedOn: "2024-03-18",
      lastVerifiedOn: new Date().toISOString().slice(0, 10),
      archivedUrl: "https://archive.example.net/2024/injury-study",
      notes: "Table 3 has the before/after counts.\nSee also the appendix.",
      status: "live",
      statusChangedAt: null,
      addedBy: { id: writer.id, name: writer.name },
    });
    const history = await db().select().from(sourceHistory).where(eq(sourceHistory.sourceId, source.id));
    expect(history).toHaveLength(1);
    expect(history[0]!.actorId).toBe(writer.id);
    expect(history[0]!.changes.title).toEqual({ from: null, to: "Injury trends on protected bike lanes" });
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, source.id));
    expect(audit.map((a) => a.action)).toEqual(["source.created"]);
  });

  it("refuses the same URL twice with 409 and the existing source's id", async () => {
    const url = uniqueUrl("dup");
    const first = await createSource({ actor: writer.actor, input: { url, title: "First" } });
    const variant = url.replace("https://www.example.org", "HTTPS://WWW.EXAMPLE.ORG:443") + "/?utm_campaign=x&fbclid=y#top";
    const error = await domainErrorOf(() => createSource({ actor: otherWriter.actor, input: { url: variant, title: "Second" } }));
    expect(error.status).toBe(409);
    expect(error.toJSON()).toEqual({
      error: {
        code: "conflict",
        message: "This URL is already in the library as “First”.",
        fields: { url: "This URL is already in the library" },
        sourceId: first.id,
      },
    });
    const rows = await db().select().from(sources).where(eq(sources.normalizedUrl, first.normalizedUrl));
    expect(rows).toHaveLength(1);
  });

  it("creates one row when two people add the same URL at the same moment", async () => {
    const url = uniqueUrl("race");
    const before = await countRows(db(), "sources");
    const results = await Promise.allSettled([
      createSource({ actor: writer.actor, input: { url, title: "Mine" } }),
      createSource({ actor: otherWriter.actor, input: { url: `${url}/#x`, title: "Theirs" } }),
      createSource({ actor: editor.actor, input: { url: `${url}?gclid=abc`, title: "Also mine" } }),
    ]);
    const created = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<SourceDto>).value);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error.code).toBe("conflict");
      expect(error.details).toEqual({ sourceId: created[0]!.id });
    }
    expect(await countRows(db(), "sources")).toBe(before + 1);
    const history = await db().select().from(sourceHistory).where(eq(sourceHistory.sourceId, created[0]!.id));
    expect(history).toHaveLength(1);
  });

  it.each([
    [{ url: "javascript:alert(1)", title: "x" }, { url: "Source URLs must start with http:// or https://" }],
    [{ url: "ftp://example.org/a", title: "x" }, { url: "Source URLs must start with http:// or https://" }],
    [{ url: "https://example.org/a", title: "   " }, { title: "Enter the source's title" }],
    [{ title: "No URL" }, { url: "Enter the source's URL" }],
    [{ url: "https://example.org/a", title: "x", publishedOn: "2024-02-30" }, { publishedOn: "The published date must be a real date (YYYY-MM-DD)" }],
    [{ url: "https://example.org/a", title: "x", archivedUrl: "data:text/html,hi" }, { archivedUrl: "Archived copies must start with http:// or https://" }],
    [{ url: "https://example.org/a", title: "x", status: "dead" }, { _: "Unknown field: status" }],
    [{ url: "https://example.org/a", title: "x".repeat(501) }, { title: "The title must be at most 500 characters" }],
  ])("refuses bad input %j per field, adding nothing", async (input, fields) => {
    const before = await countRows(db(), "sources");
    const error = await domainErrorOf(() => createSource({ actor: writer.actor, input }));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual(fields);
    expect(await countRows(db(), "sources")).toBe(before);
  });

  it("refuses a last verified date in the future", async () => {
    const error = await domainErrorOf(() =>
      createSource({ actor: writer.actor, input: { url: uniqueUrl(), title: "x", lastVerifiedOn: "2999-01-01" } }),
    );
    expect(error.fields).toEqual({ lastVerifiedOn: "The last verified date cannot be in the future" });
  });
});

describe("editing a source", () => {
  it("records who changed what, from what, to what, in its history and the audit log", async () => {
    const source = await addSource({ title: "Old title", publisher: "Old publisher" });
    const updated = await updateSource({
      actor: otherWriter.actor,
      id: source.id,
      input: { title: "New title", publisher: "", author: "A. Author", notes: "Checked the methods." },
    });
    expect(updated).toMatchObject({ title: "New title", publisher: null, author: "A. Author", notes: "Checked the methods." });
    const detail = await getSource({ actor: writer.actor, id: source.id });
    expect(detail.history).toHaveLength(2);
    expect(detail.history[0]).toMatchObject({
      actor: { id: otherWriter.id, name: otherWriter.name },
      created: false,
      changes: {
        title: { from: "Old title", to: "New title" },
        publisher: { from: "Old publisher", to: null },
        author: { from: null, to: "A. Author" },
        notes: { from: null, to: "Checked the methods." },
      },
    });
    expect(detail.history[1]!.created).toBe(true);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, source.id), eq(auditLog.action, "source.updated")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(otherWriter.id);
  });

  it("writes nothing when nothing changes", async () => {
    const source = await addSource({ title: "Same" });
    await updateSource({ actor: writer.actor, id: source.id, input: { title: " Same " } });
    const history = await db().select().from(sourceHistory).where(eq(sourceHistory.sourceId, source.id));
    expect(history).toHaveLength(1);
  });

  it("refuses to move a source onto a URL another source has", async () => {
    const a = await addSource();
    const b = await addSource();
    const error = await domainErrorOf(() => updateSource({ actor: writer.actor, id: b.id, input: { url: `${a.url}/` } }));
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ sourceId: a.id });
    const [row] = await db().select().from(sources).where(eq(sources.id, b.id));
    expect(row!.url).toBe(b.url);
  });

  it("stamps a status change with its date and note and tells the owners of citing checks", async () => {
    const source = await addSource({ title: "Ministry dataset" });
    const check = await createFactCheck({
      actor: writer.actor,
      input: { question: `Does the dataset hold? ${n}`, summary: doc(text("See "), cite(source.id)) },
    });
    const changed = await updateSource({
      actor: editor.actor,
      id: source.id,
      input: { status: "retracted", statusNote: "The ministry withdrew the table on 2 May." },
    });
    expect(changed.status).toBe("retracted");
    expect(changed.statusNote).toBe("The ministry withdrew the table on 2 May.");
    expect(changed.statusChangedAt).not.toBeNull();
    const inbox = await db().select().from(notifications).where(eq(notifications.userId, writer.id));
    expect(inbox.filter((i) => i.factCheckId === check.id).map((i) => [i.kind, i.message])).toEqual([
      ["source_changed", "A source you cite, “Ministry dataset”, was marked retracted."],
    ]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, source.id));
    expect(audit.map((a) => a.action)).toEqual(["source.created", "source.status_changed"]);

    // A later status without a note clears the old note.
    const back = await updateSource({ actor: editor.actor, id: source.id, input: { status: "live" } });
    expect(back.statusNote).toBeNull();
  });

  it("refuses an unknown status and unknown ids", async () => {
    const source = await addSource();
    const bad = await domainErrorOf(() => updateSource({ actor: writer.actor, id: source.id, input: { status: "gone" } }));
    expect(bad.status).toBe(400);
    expect(bad.fields).toEqual({ status: "The status is one of live, updated, dead, retracted (unreachable is set by the link checker)" });
    const missing = await domainErrorOf(() => updateSource({ actor: writer.actor, id: "no-such-source", input: { title: "x" } }));
    expect(missing.status).toBe(404);
  });
});

describe("citations saved with fact-checks", () => {
  it("refuses citations to sources that do not exist (422, naming them) and changes nothing", async () => {
    const real = await addSource();
    const check = await createFactCheck({ actor: writer.actor, input: { question: `Unknown sources ${n}` } });
    const error = await domainErrorOf(() =>
      updateFactCheck({
        actor: writer.actor,
        id: check.id,
        input: { version: check.version, summary: doc(cite(real.id), cite("ghost-1")), sections: [{ heading: "H", body: doc(cite("ghost-2")) }] },
      }),
    );
    expect(error.status).toBe(422);
    expect(error.toJSON().error).toMatchObject({
      code: "unprocessable",
      message: "Citations point to sources that do not exist: ghost-1, ghost-2",
      missingSourceIds: ["ghost-1", "ghost-2"],
    });
    const after = await getFactCheck({ actor: writer.actor, id: check.id });
    expect(after.version).toBe(check.version);
    expect(after.sections).toEqual([]);
    expect(await db().select().from(citations).where(eq(citations.factCheckId, check.id))).toEqual([]);

    const createError = await domainErrorOf(() =>
      createFactCheck({ actor: writer.actor, input: { question: `Never created ${n}`, summary: doc(cite("ghost-3")) } }),
    );
    expect(createError.status).toBe(422);
    const [{ count }] = await db()
      .select({ count: sql<number>`count(*)::int` })
      .from(factChecks)
      .where(eq(factChecks.question, `Never created ${n}`));
    expect(count).toBe(0);
  });

  it("rebuilds the citations rows (source, location) on every save", async () => {
    const a = await addSource();
    const b = await addSource();
    const check = await createFactCheck({
      actor: writer.actor,
      input: {
        question: `Rows follow the document ${n}`,
        summary: doc(cite(a.id)),
        sections: [{ id: "s-one", heading: "One", body: doc(cite(a.id), cite(b.id), cite(a.id)) }],
      },
    });
    const rowsOf = async () =>
      (await db().select().from(citations).where(eq(citations.factCheckId, check.id)))
        .map((r) => `${r.sourceId === a.id ? "a" : "b"}@${r.location}`)
        .sort();
    expect(await rowsOf()).toEqual(["a@s-one", "a@summary", "b@s-one"]);

    const saved = await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: { version: check.version, summary: doc(text("no citations here")) },
    });
    expect(await rowsOf()).toEqual(["a@s-one", "b@s-one"]);

    await updateFactCheck({ actor: writer.actor, id: check.id, input: { version: saved.version, question: `Renamed ${n}` } });
    expect(await rowsOf()).toEqual(["a@s-one", "b@s-one"]);
  });

  it("writes only the citations rows that changed: rows of citations kept are left as they were", async () => {
    const a = await addSource();
    const b = await addSource();
    const c = await addSource();
    const check = await createFactCheck({
      actor: writer.actor,
      input: {
        question: `Only what changed ${n}`,
        sections: [
          { id: "s-keep", heading: "Kept", body: doc(cite(a.id), cite(b.id)) },
          { id: "s-edit", heading: "Edited", body: doc(cite(a.id)) },
        ],
      },
    });
    // A row's physical address and writing transaction change when it is deleted and inserted again.
    const rows = async () =>
      Object.fromEntries(
        (
          await queryRows<{ source_id: string; location: string; at: string }>(
            db(),
            sql`select source_id, location, ctid::text || ':' || xmin::text as at from citations where fact_check_id = ${check.id}`,
          )
        ).map((r) => [`${r.source_id === a.id ? "a" : r.source_id === b.id ? "b" : "c"}@${r.location}`, r.at]),
      );
    const before = await rows();
    await updateFactCheck({
      actor: writer.actor,
      id: check.id,
      input: {
        version: check.version,
        sections: [
          { id: "s-keep", heading: "Kept", body: doc(cite(a.id), cite(b.id)) },
          { id: "s-edit", heading: "Edited", body: doc(cite(c.id)) },
        ],
      },
    });
    const after = await rows();
    expect(Object.keys(after).sort()).toEqual(["a@s-keep", "b@s-keep", "c@s-edit"]);
    expect(after["a@s-keep"]).toBe(before["a@s-keep"]);
    expect(after["b@s-keep"]).toBe(before["b@s-keep"]);
  });
});

describe("the source page", () => {
  it("lists every check citing the source with where, and only counts drafts the reader may not open", async () => {
    const source = await addSource({ title: "Cited widely" });
    const mine = await createFactCheck({
      actor: writer.actor,
      input: {
        question: `Mine cites it ${n}`,
        summary: doc(cite(source.id)),
        sections: [
          { id: "sa", heading: "Background", body: doc(text("none")) },
          { id: "sb", heading: "What the data says", body: doc(cite(source.id)) },
        ],
      },
    });
    const theirs = await createFactCheck({
      actor: otherWriter.actor,
      input: { question: `Theirs cites it too ${n}`, sections: [{ heading: "Only", body: doc(cite(source.id)) }] },
    });

    const forWriter = await getSource({ actor: writer.actor, id: source.id });
    expect(forWriter.citedIn).toEqual([
      {
        id: mine.id,
        question: mine.question,
        status: "draft",
        locations: ["Executive summary", "Section 2: What the data says"],
        inLiveVersion: false,
      },
    ]);
    expect(forWriter.otherCitingChecks).toBe(1);
    expect(forWriter.canDelete).toBe(false);

    const forEditor = await getSource({ actor: editor.actor, id: source.id });
    expect(forEditor.citedIn.map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(forEditor.otherCitingChecks).toBe(0);
    expect(forEditor.citedIn.find((c) => c.id === theirs.id)!.locations).toEqual(["Section 1: Only"]);

    const list = await searchSources({ actor: writer.actor, input: { q: "Cited widely" } });
    expect(list.data.find((s) => s.id === source.id)!.citedIn).toBe(2);
  });

  it("gives sources by id in one call, skipping unknown ids", async () => {
    const a = await addSource({ title: "By id A" });
    const b = await addSource({ title: "By id B" });
    const found = await getSourcesByIds({ actor: writer.actor, ids: [b.id, "nope", a.id, a.id] });
    expect(found.map((s) => s.title).sort()).toEqual(["By id A", "By id B"]);
    const tooMany = await domainErrorOf(() =>
      getSourcesByIds({ actor: writer.actor, ids: Array.from({ length: 201 }, (_, i) => `id-${i}`) }),
    );
    expect(tooMany.status).toBe(400);
  });
});

describe("deleting a source", () => {
  it("is refused while a check cites it, with the citing checks", async () => {
    const source = await addSource({}, editor.actor);
    const check = await createFactCheck({
      actor: editor.actor,
      input: { question: `Keeps its source ${n}`, summary: doc(cite(source.id)) },
    });
    const error = await domainErrorOf(() => deleteSource({ actor: editor.actor, id: source.id }));
    expect(error.status).toBe(409);
    expect(error.message).toBe("This source is cited in 1 check and cannot be deleted. Mark it dead or retracted instead.");
    expect(error.details).toEqual({ citedIn: [{ id: check.id, question: check.question }], otherCitingChecks: 0 });
    expect(await db().select().from(sources).where(eq(sources.id, source.id))).toHaveLength(1);
  });

  it("is allowed to whoever added it or an editor once nothing cites it; others are refused", async () => {
    const source = await addSource({}, writer.actor);
    const refused = await domainErrorOf(() => deleteSource({ actor: otherWriter.actor, id: source.id }));
    expect(refused.status).toBe(403);
    expect(await deleteSource({ actor: writer.actor, id: source.id })).toEqual({ deleted: true });
    expect(await db().select().from(sources).where(eq(sources.id, source.id))).toEqual([]);
    const audit = await db().select().from(auditLog).where(eq(auditLog.entityId, source.id));
    expect(audit.map((a) => a.action)).toEqual(["source.created", "source.deleted"]);
    const again = await domainErrorOf(() => deleteSource({ actor: editor.actor, id: source.id }));
    expect(again.status).toBe(404);
  });
});

describe("searching the library", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    const add = async (key: string, fields: Record<string, unknown>) => [key, (await addSource(fields)).id] as const;
    ids = Object.fromEntries(
      await Promise.all([
        add("titleHit", { title: "Glacier retreat in the Alps, 1990–2020", publisher: "Alpine Survey Office" }),
        add("notesHit", { title: "Annual climate bulletin", notes: "Mentions glacier mass balance briefly." }),
        add("publisherHit", { title: "Snow cover statistics", publisher: "Glacier Monitoring Service" }),
        add("dead", { title: "Glacier photo archive", publisher: "Old Archive" }),
        add("url", { url: "https://data.example.gov/hydrology/runoff-tables", title: "Runoff tables" }),
        add("other", { title: "Municipal budget 2023", publisher: "City of Exampleton" }),
      ]),
    );
    await updateSource({ actor: editor.actor, id: ids.dead!, input: { status: "dead" } });
  });

  const titles = async (input: Record<string, unknown>) =>
    (await searchSources({ actor: writer.actor, input })).data.map((s) => s.title);

  it("ranks a word in the title above the same word in the publisher and the notes", async () => {
    const found = await titles({ q: "glacier" });
    expect(found.slice(0, 2).sort()).toEqual(["Glacier photo archive", "Glacier retreat in the Alps, 1990–2020"]);
    expect(found.indexOf("Snow cover statistics")).toBeGreaterThan(1);
    expect(found.indexOf("Annual climate bulletin")).toBe(found.length - 1);
    expect(found).not.toContain("Municipal budget 2023");
  });

  it("matches prefixes as you type, several words, and stemmed forms", async () => {
    expect(await titles({ q: "glac" })).toContain("Glacier retreat in the Alps, 1990–2020");
    expect(await titles({ q: "glacier retre" })).toEqual(["Glacier retreat in the Alps, 1990–2020"]);
    expect(await titles({ q: "retreating glaciers" })).toEqual(["Glacier retreat in the Alps, 1990–2020"]);
    expect(await titles({ q: "glaciers" })).toContain("Glacier retreat in the Alps, 1990–2020");
  });

  it("filters by status", async () => {
    expect(await titles({ q: "glacier", status: "dead" })).toEqual(["Glacier photo archive"]);
    expect(await titles({ q: "glacier", status: "live" })).not.toContain("Glacier photo archive");
  });

  it("sorts by title", async () => {
    expect(await titles({ q: "glacier", sort: "title" })).toEqual([
      "Annual climate bulletin",
      "Glacier photo archive",
      "Glacier retreat in the Alps, 1990–2020",
      "Snow cover statistics",
    ]);
  });

  it("finds URLs by domain and by a piece of the URL", async () => {
    expect(await titles({ q: "data.example.gov" })).toEqual(["Runoff tables"]);
    expect(await titles({ q: "example.gov/hydrology/runoff" })).toEqual(["Runoff tables"]);
    expect(await titles({ q: "https://data.example.gov/hydrology/runoff-tables/?utm_source=x" })).toEqual(["Runoff tables"]);
    expect(await titles({ q: "hydrology" })).toEqual(["Runoff tables"]);
  });

  it("treats query syntax as plain words and stop words as nothing", async () => {
    expect(await titles({ q: "glacier & | ! ' :* ( <->" })).toContain("Glacier photo archive");
    expect(await titles({ q: "the" })).toEqual([]);
    expect(await titles({ q: "%_\\" })).toEqual([]);
    expect(toPrefixQuery("Bike lan’s")).toBe("'bike':* & 'lan':* & 's':*");
  });

  it("lists everything newest first without a query, with paging", async () => {
    const first = await searchSources({ actor: writer.actor, input: { limit: 2 } });
    expect(first.sort).toBe("added");
    expect(first.data).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const times = first.data.map((s) => s.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const next = await searchSources({ actor: writer.actor, input: { limit: 2, offset: 2 } });
    expect(next.data.map((s) => s.id)).not.toContain(first.data[0]!.id);
  });

  it("puts a title that starts with the query, then one that holds it as a phrase, above richer matches elsewhere", async () => {
    const run = crypto.randomUUID().slice(0, 8);
    // Both words in its title, the phrase in its notes: by text rank alone it came first.
    const fewer = await addSource({
      url: `https://www.example.org/news/${run}/recruits`,
      title: `Fewer volunteers, bigger bonuses: signing up pays ${run}`,
      notes: "Signing bonuses by region.",
    });
    const starts = await addSource({ title: `Signing bonuses: how Russia's regions compete for recruits ${run}`, publisher: "Example Monitor" });
    const holds = await addSource({ title: `Regional signing  bonuses rise again ${run}` });
    const apart = await addSource({ title: `Bonuses for signing up, region by region ${run}` });
    for (const q of ["Signing bonuses", "signing BONUSES"]) {
      const found = (await searchSources({ actor: writer.actor, input: { q } })).data.map((s) => s.id).filter((id) => [fewer.id, starts.id, holds.id, apart.id].includes(id));
      expect(found.slice(0, 2)).toEqual([starts.id, holds.id]);
      expect(found.slice(2).sort()).toEqual([fewer.id, apart.id].sort());
    }
    // A prefix of the phrase, as it is being typed, already ranks the same way.
    const typing = (await searchSources({ actor: writer.actor, input: { q: "signing bonu" } })).data.map((s) => s.id);
    expect(typing.indexOf(starts.id)).toBeLessThan(typing.indexOf(fewer.id));
    expect(typing.indexOf(holds.id)).toBeLessThan(typing.indexOf(fewer.id));
  });

  it("refuses bad parameters", async () => {
    const error = await domainErrorOf(() => searchSources({ actor: writer.actor, input: { sort: "random" } }));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ sort: "sort is one of relevance, title, verified, added" });
  });
});
