/**
 * Rendering a check with its citations: `[n]` links in summary-then-sections
 * order and the numbered "Sources" list, for a fixed number of database queries
 * whatever the number of sections and citations (counted with a query logger).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { closeDb, MIGRATIONS_FOLDER, schema, useDatabase, type DbHandle } from "@/db";
import { PGLITE_TYPES } from "@/db/pglite.mjs";
import { FactCheckArticle } from "@/components/fact-check/fact-check-article";
import type { RichDoc } from "@/lib/document";
import { createFactCheck } from "@/lib/server/fact-checks";
import { getFactCheckWithSources } from "@/lib/server/fact-checks";
import { createSource, updateSource, type SourceDto } from "@/lib/server/sources";
import { backend, createEmptyPostgresDatabase } from "../db";
import { createWriter, type TestUser } from "../factories";

let queries = 0;
const logger = { logQuery: () => void (queries += 1) };
let drop: () => Promise<void> = async () => {};

/** A fresh migrated database whose every query is counted. */
async function openCountingDatabase(): Promise<DbHandle> {
  if (backend === "pglite") {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = await PGlite.create(PGLITE_TYPES);
    const db = drizzle(client, { schema, logger });
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return { db, kind: "pglite", close: () => client.close() };
  }
  const empty = await createEmptyPostgresDatabase();
  drop = empty.drop;
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(empty.url, { max: 4, onnotice: () => {} });
  const db = drizzle(client, { schema, logger });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, kind: "postgres", close: () => client.end() };
}

// Migrated from nothing rather than copied from the suite's template (its queries must be counted from the
// first): on a machine busy with other work that takes longer than the usual hook.
beforeAll(async () => {
  useDatabase(await openCountingDatabase());
}, 60_000);
afterAll(async () => {
  await closeDb();
  await drop();
});

const cite = (sourceId: string) => ({ type: "citation" as const, attrs: { sourceId } });
const text = (t: string) => ({ type: "text" as const, text: t });
const doc = (...inline: (ReturnType<typeof cite> | ReturnType<typeof text>)[]): RichDoc => ({
  type: "doc",
  content: [{ type: "paragraph", content: inline }],
});

let writer: TestUser;
let library: SourceDto[];

beforeAll(async () => {
  writer = await createWriter();
  library = [];
  for (let i = 0; i < 60; i++) {
    library.push(
      await createSource({
        actor: writer.actor,
        input: {
          url: `https://www.example.org/render/${i}`,
          title: `Source number ${i} <script>alert(1)</script>`,
          publisher: `Publisher ${i}`,
          publishedOn: "2024-05-06",
          lastVerifiedOn: "2025-01-02",
          archivedUrl: i % 2 ? `https://archive.example.net/${i}` : "",
        },
      }),
    );
  }
});

async function checkWith(sectionCount: number) {
  // Section k cites sources k and k+1, and source 0 again: many repeats, one number each.
  return createFactCheck({
    actor: writer.actor,
    input: {
      question: `A check with ${sectionCount} sections`,
      summary: doc(text("In short "), cite(library[5]!.id)),
      sections: Array.from({ length: sectionCount }, (_, k) => ({
        heading: `Heading ${k + 1}`,
        body: doc(text(`Body ${k + 1} `), cite(library[k]!.id), cite(library[k + 1]!.id), cite(library[0]!.id)),
      })),
    },
  });
}

async function renderCounted(id: string) {
  queries = 0;
  const { check, sources } = await getFactCheckWithSources({ actor: writer.actor, id });
  const html = renderToStaticMarkup(createElement(FactCheckArticle, { content: check, sources }));
  return { html, queries };
}

describe("rendering a check with citations", () => {
  it("costs the same fixed number of queries at 1 and at 50 sections", async () => {
    const small = await checkWith(1);
    const large = await checkWith(50);
    const one = await renderCounted(small.id);
    const fifty = await renderCounted(large.id);
    expect(one.queries).toBe(2);
    expect(fifty.queries).toBe(2);
    expect(fifty.html.match(/<li id="source-/g)).toHaveLength(51);
  });

  it("numbers by first citation, summary first, and links each [n] to its entry", async () => {
    const check = await checkWith(3);
    const { html } = await renderCounted(check.id);
    // Summary cites 5 → [1]; section 1 cites 0, 1, 0 → [2] [3] [2]; section 2 cites 1, 2, 0 → [3] [4] [2] …
    const numbers = [...html.matchAll(/<a href="#source-(\d+)"[^>]*>\[(\d+)\]<\/a>/g)].map((m) => {
      expect(m[1]).toBe(m[2]);
      return Number(m[2]);
    });
    expect(numbers).toEqual([1, 2, 3, 2, 3, 4, 2, 4, 5, 2]);
    const entries = [...html.matchAll(/<li id="source-(\d+)" value="\d+"><cite[^>]*><a href="([^"]+)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(entries).toEqual([
      [1, "https://www.example.org/render/5"],
      [2, "https://www.example.org/render/0"],
      [3, "https://www.example.org/render/1"],
      [4, "https://www.example.org/render/2"],
      [5, "https://www.example.org/render/3"],
    ]);
  });

  it("shows title, publisher, date, last verified and archived copy, with text escaped", async () => {
    const check = await checkWith(1);
    const { html } = await renderCounted(check.id);
    expect(html).toContain("<h2 id=\"sources-heading\">Sources</h2>");
    expect(html).toContain("Source number 1 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Publisher 1");
    expect(html).toContain('<time dateTime="2024-05-06">May 6, 2024</time>');
    expect(html).toContain('Last verified <time dateTime="2025-01-02">January 2, 2025</time>');
    expect(html).toContain('<a href="https://archive.example.net/1" rel="noopener noreferrer nofollow">Archived copy</a>');
    expect(html).toContain('aria-label="Source 1" title="Source number 5 &lt;script&gt;alert(1)&lt;/script&gt;, Publisher 5"');
  });

  it("flags a source that is no longer live", async () => {
    const check = await checkWith(1);
    await updateSource({ actor: writer.actor, id: library[5]!.id, input: { status: "retracted" } });
    const { html } = await renderCounted(check.id);
    expect(html).toContain("Retracted by its publisher");
    await updateSource({ actor: writer.actor, id: library[5]!.id, input: { status: "live" } });
  });

  it("renders no Sources list for a check without citations", async () => {
    const check = await createFactCheck({ actor: writer.actor, input: { question: "No citations at all" } });
    const { html, queries: count } = await renderCounted(check.id);
    expect(html).not.toContain("Sources");
    expect(count).toBe(1);
  });
});
