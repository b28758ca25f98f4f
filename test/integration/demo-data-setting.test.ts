/**
 * Demo data at start (`npm start`, scripts/prepare-db.ts): on by default for the
 * embedded database, opt-in on PostgreSQL, and a warning while demo accounts,
 * whose password is published, can sign in.
 */
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { DEMO_PASSWORD, DEMO_USERS } from "@/db/demo-data";
import { demoAccountsWarning, demoDataWanted, prepareDemoData } from "@/db/seed";
import { countRows, useTestDatabase } from "../db";

const db = useTestDatabase();

describe("demoDataWanted", () => {
  it("loads demo data into the embedded database unless told not to", () => {
    expect(demoDataWanted({ kind: "pglite", setting: undefined })).toBe(true);
    expect(demoDataWanted({ kind: "pglite", setting: "" })).toBe(true);
    expect(demoDataWanted({ kind: "pglite", setting: "true" })).toBe(true);
    expect(demoDataWanted({ kind: "pglite", setting: "false" })).toBe(false);
    expect(demoDataWanted({ kind: "pglite", setting: " FALSE " })).toBe(false);
    expect(demoDataWanted({ kind: "pglite", setting: "0" })).toBe(false);
  });

  it("loads demo data into PostgreSQL only when asked to", () => {
    expect(demoDataWanted({ kind: "postgres", setting: undefined })).toBe(false);
    expect(demoDataWanted({ kind: "postgres", setting: "" })).toBe(false);
    expect(demoDataWanted({ kind: "postgres", setting: "false" })).toBe(false);
    expect(demoDataWanted({ kind: "postgres", setting: "true" })).toBe(true);
    expect(demoDataWanted({ kind: "postgres", setting: "1" })).toBe(true);
  });

  it("refuses a setting it does not understand, rather than guess", () => {
    expect(() => demoDataWanted({ kind: "postgres", setting: "maybe" })).toThrow('FACTDESK_DEMO_DATA must be true or false, not "maybe"');
  });
});

// One database for the file: these run in order, from empty to seeded.
describe("prepareDemoData", () => {
  it("leaves an empty PostgreSQL database empty by default, and reports no demo accounts", async () => {
    expect(await prepareDemoData({ db: db(), kind: "postgres", setting: undefined })).toEqual({ seeded: false, demoAccounts: [] });
    expect(await prepareDemoData({ db: db(), kind: "pglite", setting: "false" })).toEqual({ seeded: false, demoAccounts: [] });
    expect(await countRows(db(), "users")).toBe(0);
  });

  // Seeding publishes the demo checks through the domain layer: seconds, as in seed.test.ts's hook.
  it("loads demo data into PostgreSQL with FACTDESK_DEMO_DATA=true, and reports every demo account", async () => {
    const result = await prepareDemoData({ db: db(), kind: "postgres", setting: "true" });
    expect(result.seeded).toBe(true);
    expect(result.demoAccounts).toEqual(DEMO_USERS.map((u) => ({ email: u.email, role: u.role })));
  }, 30_000);

  it("reports the demo accounts again at the next start, except one that was disabled", async () => {
    await db().update(users).set({ disabledAt: new Date() }).where(eq(users.email, "admin@factdesk.test"));
    const result = await prepareDemoData({ db: db(), kind: "pglite", setting: undefined });
    expect(result.seeded).toBe(false);
    expect(result.demoAccounts.map((a) => a.email)).toEqual(["writer@factdesk.test", "writer2@factdesk.test", "reviewer@factdesk.test", "editor@factdesk.test"]);
  });
});

describe("demoAccountsWarning", () => {
  it("names every account, their role and the published password, in a block that stands out", () => {
    const warning = demoAccountsWarning([
      { email: "admin@factdesk.test", role: "admin" },
      { email: "writer@factdesk.test", role: "writer" },
    ]);
    const lines = warning.split("\n");
    expect(lines[0]).toMatch(/^!{20,}$/);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(warning).toContain("WARNING: demo accounts can sign in");
    expect(warning).toContain(`"${DEMO_PASSWORD}"`);
    expect(warning).toContain("admin@factdesk.test (admin)");
    expect(warning).toContain("writer@factdesk.test (writer)");
    expect(warning).toContain("FACTDESK_DEMO_DATA=false");
  });
});
