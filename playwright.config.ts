/**
 * End-to-end tests against the built app (`server.mjs`, as `npm start` serves it) on a fresh embedded
 * database each run. `npm test` (scripts/test.mjs) builds first, picks the
 * browser and cleans up; `npx playwright test` works too after a build.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, findBrowser } from "./scripts/find-browser.cjs";
import { findNginx } from "./scripts/find-nginx.cjs";

const root = __dirname;
const PORT = Number(process.env.FACTDESK_E2E_PORT || 3107);
const baseURL = `http://127.0.0.1:${PORT}`;
// The SMTP server e2e/email.spec.ts runs on loopback, which the app sends its email to.
const SMTP_PORT = Number(process.env.FACTDESK_E2E_SMTP_PORT || 2525);

const DATA_DIR_PATTERN = /^factdesk-e2e-[0-9a-f]{12}$/;

/** Removes data directories of earlier runs that no server holds any more (runs started without npm test leave them). */
function sweepOldDataDirs() {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!DATA_DIR_PATTERN.test(name)) continue;
    const dir = path.join(tmp, name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < 60 * 60 * 1000) continue;
      const lock = path.join(dir, "factdesk.lock");
      const pid = fs.existsSync(lock) ? Number(fs.readFileSync(lock, "utf8")) : 0;
      if (pid > 0 && isAlive(pid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Someone else's or already gone: leave it.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// The config is loaded again in every worker: values chosen here go through the
// environment so every process of one run agrees on them.
if (!process.env.FACTDESK_E2E_DATA_DIR) {
  sweepOldDataDirs();
  process.env.FACTDESK_E2E_DATA_DIR = path.join(os.tmpdir(), `factdesk-e2e-${crypto.randomBytes(6).toString("hex")}`);
}
process.env.FACTDESK_E2E_AUTH_SECRET ||= crypto.randomBytes(32).toString("base64url");
const dataDir = process.env.FACTDESK_E2E_DATA_DIR;

const browser = findBrowser();
if (!browser) {
  throw new Error("No Chromium found for the end-to-end tests: run `npm test` (it finds or installs one) or set FACTDESK_CHROMIUM.");
}
if (!fs.existsSync(path.join(root, process.env.FACTDESK_DIST_DIR || ".next", "BUILD_ID"))) {
  throw new Error("The app is not built: run `npm test -- --e2e-only` (it builds first) or `npx next build`.");
}

const node = JSON.stringify(process.execPath);
const CI = !!process.env.CI;

export default defineConfig({
  testDir: "e2e",
  // Several app instances, and a database that goes away, need a PostgreSQL server (npm test passes one when it answers),
  // as the PostgreSQL integration tests do: without one, that file is not part of the run.
  // The cluster (nginx in front of instances) needs nginx as well: .ci/run installs it; without it, that file is not part of the run.
  testIgnore: [
    ...(process.env.FACTDESK_E2E_POSTGRES_URL ? [] : ["instances.spec.ts", "database-outage.spec.ts", "live-instances.spec.ts", "cluster.spec.ts"]),
    ...(findNginx() ? [] : ["cluster.spec.ts"]),
  ],
  fullyParallel: false,
  // Two cores: one worker for the browser, the rest for the server.
  workers: 1,
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: browser.path, args: chromiumArgs(browser.path) },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // A new data directory every run: migrate, load the demo accounts and content, then serve the build.
    command: `${node} --import tsx --conditions=react-server scripts/prepare-db.ts && exec ${node} server.mjs --port ${PORT} --hostname 127.0.0.1`,
    cwd: root,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: {
      FACTDESK_DATA_DIR: dataDir,
      // An empty DATABASE_URL keeps a developer's PostgreSQL out of the run: the embedded database is used.
      DATABASE_URL: "",
      // Likewise Redis: the one server's page cache stays in its memory.
      REDIS_URL: "",
      AUTH_SECRET: process.env.FACTDESK_E2E_AUTH_SECRET,
      AUTH_TRUST_HOST: "true",
      FACTDESK_ALLOW_CLOCK_OVERRIDE: "1",
      // Links in emails lead to this server; email goes to the test SMTP server (refused, and retried, while none listens).
      FACTDESK_PUBLIC_URL: baseURL,
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      MAIL_FROM: "Factdesk <desk@factdesk.test>",
      // Public responses kept a minute instead of a second (server.mjs): every change a test makes
      // must then reach readers by emptying the response cache, not by waiting for it.
      FACTDESK_RESPONSE_CACHE_MS: "60000",
      // The link checker fetches the tests' loopback sites and nothing else (no DNS is asked for any other
      // host), only when a test asks (no scheduled runs, no first look at new sources), without pauses.
      FACTDESK_FETCH_ONLY_LOOPBACK: "true",
      FACTDESK_LINK_CHECKS: "off",
      FACTDESK_LINK_CHECK_HOST_DELAY_MS: "0",
      // Archived copies as files in the data directory (the embedded default, said outright: e2e/link-checks.spec.ts reads them there).
      FACTDESK_SNAPSHOT_STORE: "files",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
