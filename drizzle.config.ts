import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and committed; both PGlite and
// PostgreSQL apply the same folder (db/index.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
