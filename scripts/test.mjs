#!/usr/bin/env node
// `npm test`: the whole suite.
//  1. the linter (`npm run lint`: ESLint, no warning allowed);
//  2. vitest: unit and integration tests on PGlite, and on PostgreSQL too when a
//     server answers (TEST_DATABASE_URL, else a throwaway database on the local one);
//  3. Playwright: end to end against the built app (built here when needed), with
//     Playwright's Chromium or the system's; the tests of several app instances
//     on one PostgreSQL database when a server answers.
// Ends with one line "N passed, N failed[, N skipped]" over both (a lint failure counts
// as one failed), and a non-zero exit when anything failed. `--unit-only` and
// `--e2e-only` run one half of the tests, without the linter.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { ensureBuild, nodeBin, root, run } from "./lib.mjs";

const require = createRequire(import.meta.url);
const { ensureBrowser } = require("./find-browser.cjs");
const { ensureNginx } = require("./find-nginx.cjs");

const args = process.argv.slice(2);
// `npm test --unit-only` (without `--`) reaches the script as npm_config_unit_only.
const flag = (name) => args.includes(`--${name}`) || /^(true|1)$/.test(process.env[`npm_config_${name.replace(/-/g, "_")}`] ?? "");
const unitOnly = flag("unit-only");
const e2eOnly = flag("e2e-only");
if (unitOnly && e2eOnly) {
  console.error("Choose one of --unit-only and --e2e-only, or neither for the whole suite.");
  process.exit(2);
}

const LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres";
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const cleanups = [];
let ok = true;

function fail(message) {
  console.error(message);
  ok = false;
}

// ---------------------------------------------------------------------------
// PostgreSQL for the integration tests

async function withPostgres(fn, url = LOCAL_POSTGRES) {
  const { default: postgres } = await import("postgres");
  const client = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    return await fn(client);
  } finally {
    await client.end({ timeout: 1 }).catch(() => {});
  }
}

/** TEST_DATABASE_URL when set; else a fresh database on the local server, dropped at the end; else null. */
async function testDatabaseUrl() {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const name = `factdesk_test_${crypto.randomBytes(6).toString("hex")}`;
  try {
    await withPostgres((sql) => sql.unsafe(`create database ${name}`));
  } catch {
    console.log("PostgreSQL tests skipped: no server answered at 127.0.0.1:5432 (set TEST_DATABASE_URL to run them).");
    return null;
  }
  cleanups.push(() => withPostgres((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)));
  const url = new URL(LOCAL_POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A PostgreSQL server for the end-to-end tests that need one (they make their own databases), or null. */
async function postgresServerUrl() {
  const url = process.env.TEST_DATABASE_URL || LOCAL_POSTGRES;
  try {
    await withPostgres((sql) => sql`select 1`, url);
    return url;
  } catch {
    console.log(`End-to-end tests on PostgreSQL not run: no server answered at ${new URL(url).host}.`);
    return null;
  }
}

// ---------------------------------------------------------------------------

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

async function runLint() {
  // The script as package.json defines it, through the npm that runs this one when there is one.
  const npm = process.env.npm_execpath;
  const code = npm ? await run(nodeBin, [npm, "run", "--silent", "lint"]) : await run("npm", ["run", "--silent", "lint"]);
  if (code !== 0) {
    fail(`The linter found problems (exit code ${code}): \`npm run lint\` shows them.`);
    totals.failed += 1;
  }
}

async function runVitest() {
  const env = { ...process.env };
  const url = await testDatabaseUrl();
  if (url) env.TEST_DATABASE_URL = url;
  const report = path.join(reportDir, "vitest.json");
  const code = await run(
    nodeBin,
    [path.join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { env },
  );
  const json = readJson(report);
  if (!json) {
    fail(`vitest exited with code ${code} and wrote no report.`);
    totals.failed += 1;
    return;
  }
  // A file that fails to load, or whose hook fails, has no failed test of its own: count it as one failure.
  const brokenFiles = (json.testResults ?? []).filter(
    (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  totals.passed += json.numPassedTests ?? 0;
  totals.failed += (json.numFailedTests ?? 0) + brokenFiles;
  totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  if (code !== 0) fail(`vitest failed (exit code ${code}).`);
}

async function runPlaywright() {
  const browser = ensureBrowser();
  if (browser.error) {
    fail(browser.error);
    totals.failed += 1;
    return;
  }
  const nginx = ensureNginx();
  if (nginx.error) {
    fail(nginx.error);
    totals.failed += 1;
    return;
  }
  console.log(`End-to-end tests with ${browser.path} and nginx ${nginx.version}`);
  const env = { ...process.env, FACTDESK_CHROMIUM: browser.path, NEXT_TELEMETRY_DISABLED: "1" };
  const built = await ensureBuild(env);
  if (built !== 0) {
    fail(`next build failed (exit code ${built}): end-to-end tests not run.`);
    totals.failed += 1;
    return;
  }
  const postgresUrl = await postgresServerUrl();
  if (postgresUrl) env.FACTDESK_E2E_POSTGRES_URL = postgresUrl;
  const dataDir = path.join(os.tmpdir(), `factdesk-e2e-${crypto.randomBytes(6).toString("hex")}`);
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const report = path.join(reportDir, "playwright.json");
  const code = await run(
    nodeBin,
    [path.join(root, "node_modules", "@playwright", "test", "cli.js"), "test", "--reporter=list,json"],
    {
      env: {
        ...env,
        FACTDESK_E2E_DATA_DIR: dataDir,
        FACTDESK_E2E_AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
      },
    },
  );
  const stats = readJson(report)?.stats;
  if (!stats) {
    fail(`Playwright exited with code ${code} and wrote no report.`);
    totals.failed += 1;
    return;
  }
  // "flaky" passed on a retry: it counts as passed here and Playwright's own output names it.
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
  if (code !== 0) fail(`Playwright failed (exit code ${code}).`);
}

async function main() {
  try {
    if (!unitOnly && !e2eOnly) await runLint();
    if (!e2eOnly) await runVitest();
    if (!unitOnly) await runPlaywright();
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`Cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  if (totals.failed > 0) ok = false;
  console.log("");
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
  process.exit(1);
});
