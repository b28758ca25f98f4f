/** The demo library: loaded with the demo checks, cited by them, and every citation resolves. */
import { beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { citations, factChecks, sourceHistory, sources } from "@/db/schema";
import { DEMO_CHECKS, DEMO_SOURCES } from "@/db/demo-data";
import { seedDemoData } from "@/db/seed";
import { citationIdsOf, numberCitations } from "@/lib/citations";
import { useTestDatabase } from "../db";

const db = useTestDatabase();

beforeAll(async () => {
  expect(await seedDemoData(db())).toBe(true);
});

describe("demo sources", () => {
  it("puts every demo source in the library with its history, the dead one flagged", async () => {
    const urls = Object.values(DEMO_SOURCES).map((s) => s.url);
    const rows = await db().select().from(sources).where(inArray(sources.url, urls));
    expect(rows.map((r) => r.title).sort()).toEqual(Object.values(DEMO_SOURCES).map((s) => s.title).sort());
    const dead = rows.find((r) => r.url === DEMO_SOURCES.usageCounts.url)!;
    expect([dead.status, dead.statusNote !== null, dead.statusChangedAt !== null]).toEqual(["dead", true, true]);
    for (const row of rows) {
      expect(row.lastVerifiedOn).not.toBeNull();
      const history = await db().select().from(sourceHistory).where(eq(sourceHistory.sourceId, row.id));
      expect(history).toHaveLength(1);
    }
  });

  it("cites them from the demo checks, with matching citations rows", async () => {
    for (const demo of DEMO_CHECKS) {
      const [check] = await db().select().from(factChecks).where(eq(factChecks.question, demo.question));
      const ids = numberCitations(check!).order;
      expect(ids.length).toBeGreaterThan(1);
      const found = await db().select({ id: sources.id }).from(sources).where(inArray(sources.id, ids));
      expect(found).toHaveLength(ids.length);
      const rows = await db().select().from(citations).where(eq(citations.factCheckId, check!.id));
      const expected = [
        ...[...new Set(citationIdsOf(check!.summary))].map((id) => `${id}@summary`),
        ...check!.sections.flatMap((s) => [...new Set(citationIdsOf(s.body))].map((id) => `${id}@${s.id}`)),
      ];
      expect(rows.map((r) => `${r.sourceId}@${r.location}`).sort()).toEqual(expected.sort());
    }
  });
});
