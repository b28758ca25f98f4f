import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * Unit and integration tests. Every file runs on an in-memory PGlite ("pglite");
 * when TEST_DATABASE_URL points at a PostgreSQL server, the integration tests run
 * a second time against it ("postgres"), with the tests of what only PostgreSQL
 * has (test/postgres). test/db.ts reads FACTDESK_TEST_BACKEND.
 */
const onPostgres = !!process.env.TEST_DATABASE_URL;

/**
 * The link checker in tests: it may fetch loopback addresses only, every other
 * host refused before DNS is asked (no test ever reaches past this machine),
 * queued checks of new sources are off (tests call the checker themselves), and
 * no pause between requests to a host unless a test asks for one. Archived
 * copies stay in the test's database unless a test chooses another store
 * (test/integration/snapshot-stores.test.ts): none lands in the checkout's .data.
 */
const LINK_CHECK_ENV = { FACTDESK_FETCH_ONLY_LOOPBACK: "true", FACTDESK_LINK_CHECKS: "off", FACTDESK_LINK_CHECK_HOST_DELAY_MS: "0", FACTDESK_SNAPSHOT_STORE: "database" };

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // The real package throws outside a React server bundle.
      { find: /^server-only$/, replacement: path.join(root, "test", "empty-module.ts") },
    ],
  },
  test: {
    environment: "node",
    pool: "forks",
    // A test that needs longer than this is too slow, not unlucky.
    testTimeout: 5_000,
    // Opening and migrating a database (or creating one on PostgreSQL) happens in hooks.
    hookTimeout: 20_000,
    exclude: ["e2e/**", "node_modules/**", ".next/**"],
    // next-auth imports "next/server" without an extension, which Node's ESM loader
    // refuses; letting Vite resolve it makes lib/server/session.ts importable.
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          globalSetup: ["test/global-setup.ts"],
          include: ["test/**/*.test.ts", "lib/**/*.test.ts", "db/**/*.test.ts"],
          // What only PostgreSQL has (several connections at once): run by the "postgres" project.
          exclude: ["test/postgres/**"],
          env: { FACTDESK_TEST_BACKEND: "pglite", ...LINK_CHECK_ENV },
        },
      },
      ...(onPostgres
        ? [
            {
              extends: true,
              test: {
                name: "postgres",
                globalSetup: ["test/postgres-setup.ts"],
                include: ["test/integration/**/*.test.ts", "test/postgres/**/*.test.ts"],
                env: { FACTDESK_TEST_BACKEND: "postgres", ...LINK_CHECK_ENV },
              },
            },
          ]
        : []),
    ],
  },
});
