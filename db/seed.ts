/**
 * Loads demo accounts and content into an empty database (one without users).
 * A database that already has users is left untouched.
 */
import { count } from "drizzle-orm";
import { hashPassword } from "@/lib/passwords";
import { slugify } from "@/lib/slug";
import { closeDb, getDb, type Db } from "./index";
import { DEMO_CHECKS, DEMO_PASSWORD, DEMO_USERS } from "./demo-data";
import { factChecks, users } from "./schema";

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
    for (const check of DEMO_CHECKS) {
      const ownerId = idOf.get(check.ownerEmail)!;
      await tx.insert(factChecks).values({
        slug: slugify(check.question),
        question: check.question,
        topic: check.topic,
        summary: check.summary,
        sections: check.sections.map((s) => ({ ...s, id: crypto.randomUUID() })),
        relatedQuestions: check.relatedQuestions.map((text) => ({ id: crypto.randomUUID(), text })),
        ownerId,
        updatedById: ownerId,
      });
    }
  });
  return true;
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
