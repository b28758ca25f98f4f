/**
 * Runs once per test run (postgres project): names this run's throwaway
 * databases with one prefix, and at the end drops any of them that a crashed
 * or interrupted test file left behind.
 */
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresDatabasePrefix: string;
  }
}

async function dropLeftovers(prefix: string) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + "%"}`;
    for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await sql.end();
  }
}

export default function setup(project: TestProject) {
  const prefix = `factdesk_t_${crypto.randomUUID().replace(/-/g, "").slice(0, 8)}_`;
  project.provide("postgresDatabasePrefix", prefix);
  return () => dropLeftovers(prefix);
}
