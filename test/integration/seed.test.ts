/** Demo data: loaded into an empty database once, valid by the same rules as user input. */
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { factChecks, users } from "@/db/schema";
import { DEMO_CHECKS, DEMO_PASSWORD, DEMO_USERS } from "@/db/demo-data";
import { seedDemoData } from "@/db/seed";
import { parseRichDoc } from "@/lib/document";
import { listDesk } from "@/lib/server/fact-checks";
import { listRefreshQueue } from "@/lib/server/refresh";
import { verifyPassword } from "@/lib/passwords";
import { countRows, queryRows, useTestDatabase } from "../db";

const db = useTestDatabase();

async function tableCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    db(),
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[table_name] = await countRows(db(), `"${table_name}"`);
  return counts;
}

describe("seedDemoData", () => {
  let usersBefore: number;
  let firstCall: boolean;
  beforeAll(async () => {
    usersBefore = await countRows(db(), "users");
    firstCall = await seedDemoData(db());
  });

  it("loads the demo users with argon2id hashes of the demo password, and the demo checks", async () => {
    expect([usersBefore, firstCall]).toEqual([0, true]);

    const rows = await db().select().from(users);
    expect(rows.map((u) => [u.email, u.name, u.role]).sort()).toEqual(DEMO_USERS.map((u) => [u.email, u.name, u.role]).sort());
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(row.disabledAt).toBeNull();
    }
    expect(await verifyPassword(rows[0]!.passwordHash, DEMO_PASSWORD)).toBe(true);

    // Every demo draft is there with its owner (more demo content may come on top).
    const checks = await db().select().from(factChecks);
    const emailOf = new Map(rows.map((u) => [u.id, u.email]));
    for (const demo of DEMO_CHECKS) {
      const stored = checks.filter((c) => c.question === demo.question);
      expect(stored.map((c) => emailOf.get(c.ownerId))).toEqual([demo.ownerEmail]);
    }
    for (const check of checks) expect(emailOf.has(check.ownerId)).toBe(true);
  });

  it("stores only documents that pass the rich-text allowlist, with unique slugs and section ids", async () => {
    const checks = await db().select().from(factChecks);
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      for (const document of [check.summary, ...check.sections.map((s) => s.body)]) {
        expect(parseRichDoc(document)).toEqual({ ok: true, value: document });
      }
      expect(new Set(check.sections.map((s) => s.id)).size).toBe(check.sections.length);
    }
    expect(new Set(checks.map((c) => c.slug)).size).toBe(checks.length);
  });

  it("starts every role's desk with work: a draft with a dead source, a check in review, one to publish, one to refresh", async () => {
    const actorOf = async (email: string) => {
      const [u] = await db().select().from(users).where(eq(users.email, email));
      return { id: u!.id, email: u!.email, name: u!.name, role: u!.role };
    };
    const desk = async (email: string) => listDesk({ actor: await actorOf(email) });

    const writer = await desk("writer@factdesk.test");
    expect(writer.mine.find((i) => i.question === "Do city bike lanes reduce traffic injuries?")?.status).toBe("draft");
    const reviewer = await desk("reviewer@factdesk.test");
    expect(reviewer.waiting.map((i) => [i.question, i.status, i.role])).toEqual([
      ["Is tap water in most European capitals safe to drink?", "in_review", "review"],
    ]);
    const editor = await desk("editor@factdesk.test");
    expect(editor.waiting.map((i) => [i.question, i.status, i.role])).toEqual([["Do heat pumps keep working in freezing weather?", "approved", "waiting"]]);
    const queue = await listRefreshQueue({ actor: await actorOf("editor@factdesk.test") });
    expect(queue.items.map((i) => i.question)).toContain("Do longer school days raise test scores?");
  });

  it("is a no-op on a database that already has users", async () => {
    const before = await tableCounts();
    expect(before.users).toBe(5);
    expect(await seedDemoData(db())).toBe(false);
    expect(await tableCounts()).toEqual(before);
  });
});
