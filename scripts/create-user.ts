/**
 * Creates a user from the command line (the first admin of a real newsroom):
 *   npm run user:create -- --email you@example.org --name "Your Name" --role admin
 * The password is read from FACTDESK_NEW_PASSWORD or prompted for.
 */
import { parseArgs } from "node:util";
import readline from "node:readline/promises";
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db";
import { users } from "@/db/schema";
import { hashPassword, newPasswordProblem, PASSWORD_MIN_LENGTH } from "@/lib/passwords";
import { ROLES, type Role } from "@/lib/roles";

async function main() {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "writer" } },
  });
  const email = values.email?.trim().toLowerCase();
  const name = values.name?.trim();
  const role = values.role as Role;
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error("--email: a valid email address is required");
  if (!name) throw new Error("--name is required");
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
  let password = process.env.FACTDESK_NEW_PASSWORD ?? "";
  if (!password) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question(`Password (at least ${PASSWORD_MIN_LENGTH} characters): `);
    rl.close();
  }
  const problem = await newPasswordProblem(password, { email });
  if (problem) throw new Error(problem);
  const db = await getDb();
  const [existing] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
  if (existing) throw new Error(`A user with the email ${email} already exists`);
  await db.insert(users).values({ email, name, role, passwordHash: await hashPassword(password) });
  await closeDb();
  console.log(`Created ${role} ${name} <${email}>.`);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await closeDb().catch(() => {});
  process.exit(1);
});
