/**
 * Loads demo accounts and content into an empty database (one without users).
 * A database that already has users is left untouched.
 */
import { and, count, inArray, isNull } from "drizzle-orm";
import { hashPassword } from "@/lib/passwords";
import { slugify } from "@/lib/slug";
import { closeDb, getDb, type Db } from "./index";
import { citationLocations } from "@/lib/citations";
import { parseSourceUrl } from "@/lib/url";
import { DEMO_CHECKS, DEMO_PASSWORD, DEMO_SOURCE_PREFIX, DEMO_SOURCES, DEMO_USERS } from "./demo-data";
import { publishDemoChecks, sendDemoDraftsForReview } from "./demo-published";
import { citations, factChecks, sourceHistory, sources, users } from "./schema";
import type { Role } from "@/lib/roles";

/**
 * Whether to load demo data into an empty database, from FACTDESK_DEMO_DATA.
 * The embedded database is for trying Factdesk out: on unless "false". A
 * PostgreSQL server is for a real newsroom, where accounts with a published
 * password must never appear by default: off unless "true".
 */
export function demoDataWanted({ kind, setting }: { kind: "pglite" | "postgres"; setting: string | undefined }): boolean {
  const value = setting?.trim().toLowerCase() ?? "";
  if (value === "") return kind === "pglite";
  if (["true", "1", "yes"].includes(value)) return true;
  if (["false", "0", "no"].includes(value)) return false;
  throw new Error(`FACTDESK_DEMO_DATA must be true or false, not "${setting}"`);
}

export type DemoAccount = { email: string; role: Role };

/** The enabled demo accounts in the database, in DEMO_USERS order: anyone who reads the README can sign in as them. */
export async function demoAccountsIn(db: Db): Promise<DemoAccount[]> {
  const emails = DEMO_USERS.map((u) => u.email);
  const rows = await db
    .select({ email: users.email, role: users.role })
    .from(users)
    .where(and(inArray(users.email, emails), isNull(users.disabledAt)));
  return rows.sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email));
}

/** The warning the server prints at start while demo accounts can sign in. */
export function demoAccountsWarning(accounts: DemoAccount[]): string {
  const lines = [
    "WARNING: demo accounts can sign in to this database with the published password",
    `"${DEMO_PASSWORD}" (README.md): anyone can sign in as`,
    ...accounts.map((a) => `  ${a.email} (${a.role})`),
    "For a real newsroom, disable them in Users (/admin/users) after creating your own",
    "admin, or start from an empty database with FACTDESK_DEMO_DATA=false.",
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = "!".repeat(width + 4);
  return [rule, ...lines.map((line) => `! ${line.padEnd(width)} !`), rule].join("\n");
}

/**
 * What `npm start` does about demo data: loads it into an empty database when
 * wanted (demoDataWanted) and returns the demo accounts that can sign in.
 */
export async function prepareDemoData({
  db,
  kind,
  setting,
}: {
  db: Db;
  kind: "pglite" | "postgres";
  setting: string | undefined;
}): Promise<{ seeded: boolean; demoAccounts: DemoAccount[] }> {
  const seeded = demoDataWanted({ kind, setting }) ? await seedDemoData(db) : false;
  return { seeded, demoAccounts: await demoAccountsIn(db) };
}

export async function seedDemoData(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values(DEMO_USERS.map((u) => ({ ...u, passwordHash })))
      .returning({ id: users.id, email: users.email });
    const idOf = new Map(inserted.map((u) => [u.email, u.id]));
    const sourceIdOf = await insertDemoSources(tx, idOf.get("writer@factdesk.test")!);
    const withIds = <T>(value: T): T =>
      JSON.parse(JSON.stringify(value), (key, v) =>
        key === "sourceId" && typeof v === "string" && v.startsWith(DEMO_SOURCE_PREFIX) ? sourceIdOf.get(v.slice(DEMO_SOURCE_PREFIX.length)) : v,
      );
    for (const check of DEMO_CHECKS) {
      const ownerId = idOf.get(check.ownerEmail)!;
      const [row] = await tx
        .insert(factChecks)
        .values({
          slug: slugify(check.question),
          question: check.question,
          topic: check.topic,
          summary: withIds(check.summary),
          sections: withIds(check.sections.map((s) => ({ ...s, id: crypto.randomUUID() }))),
          relatedQuestions: check.relatedQuestions.map((text) => ({ id: crypto.randomUUID(), text })),
          ownerId,
          updatedById: ownerId,
        })
        .returning();
      const cited = citationLocations(row!);
      if (cited.length) await tx.insert(citations).values(cited.map((c) => ({ ...c, factCheckId: row!.id })));
    }
  });
  // Workflow steps go through the domain layer (review, approval, publication), outside the transaction above.
  await publishDemoChecks(db);
  await sendDemoDraftsForReview(db);
  return true;
}

/** The starting source library, each with its "added" history entry; returns key → id. */
async function insertDemoSources(tx: Db, addedById: string): Promise<Map<string, string>> {
  const today = new Date().toISOString().slice(0, 10);
  const ids = new Map<string, string>();
  for (const [key, demo] of Object.entries(DEMO_SOURCES) as [string, (typeof DEMO_SOURCES)[keyof typeof DEMO_SOURCES]][]) {
    const { url, ...fields } = demo;
    const parsed = parseSourceUrl(url);
    if (!parsed.ok) throw new Error(`Demo source ${key}: ${parsed.message}`);
    const [row] = await tx
      .insert(sources)
      .values({ ...fields, url: parsed.url, normalizedUrl: parsed.normalized, lastVerifiedOn: today, addedById, ...("status" in demo ? { statusChangedAt: new Date() } : {}) })
      .returning();
    const changes = Object.fromEntries(Object.entries({ ...fields, url: row!.url }).map(([field, to]) => [field, { from: null, to }]));
    await tx.insert(sourceHistory).values({ sourceId: row!.id, actorId: addedById, changes });
    ids.set(key, row!.id);
  }
  return ids;
}

async function main() {
  const seeded = await seedDemoData(await getDb());
  await closeDb();
  console.log(seeded ? "Demo data loaded." : "The database already has users: demo data not loaded.");
}

if (process.argv[1] && /seed\.(ts|js|mjs)$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
