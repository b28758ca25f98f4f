// Finds a Chromium for the end-to-end tests: Playwright's own build when it is
// installed, else Debian's /usr/bin/chromium; installs Debian's package when
// neither exists and this process may (root with apt-get). No browser download
// from elsewhere is attempted: on some machines it cannot work.
// CommonJS so that both scripts/test.mjs and playwright.config.ts (compiled to CommonJS) can load it.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const hasAptGet = () => spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;

/** Playwright's bundled Chromium, when its browser download has been installed. */
function playwrightChromium() {
  try {
    const { chromium } = require("playwright-core");
    const executable = chromium.executablePath();
    return executable && fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/**
 * `{ path, kind }` of a usable Chromium (kind "playwright" or "system"), or null.
 * FACTDESK_CHROMIUM, when set, wins.
 */
function findBrowser() {
  const chosen = process.env.FACTDESK_CHROMIUM;
  if (chosen) return fs.existsSync(chosen) ? { path: chosen, kind: chosen === SYSTEM_CHROMIUM ? "system" : "custom" } : null;
  const own = playwrightChromium();
  if (own) return { path: own, kind: "playwright" };
  if (fs.existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, kind: "system" };
  return null;
}

/** Chromium flags that keep a headless run quiet and offline (no sandbox as root or for the system build). */
function chromiumArgs(executablePath) {
  const args = [
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
  // Chromium refuses to start its sandbox as root; Debian's build also lacks the setuid helper.
  if (isRoot() || executablePath === SYSTEM_CHROMIUM) args.splice(1, 0, "--no-sandbox");
  return args;
}

/**
 * Finds a browser, installing Debian's chromium if needed and possible.
 * Returns `{ path, kind }` or `{ error }` (one line saying what to install).
 */
function ensureBrowser({ log = console.log } = {}) {
  const found = findBrowser();
  if (found) return found;
  if (process.env.FACTDESK_CHROMIUM) {
    return { error: `FACTDESK_CHROMIUM points at ${process.env.FACTDESK_CHROMIUM}, which does not exist.` };
  }
  if (isRoot() && hasAptGet()) {
    log("No Chromium found: installing Debian's chromium package (apt-get)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && fs.existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, kind: "system" };
    return { error: "Installing chromium with apt-get failed; install it (apt-get install chromium) or run `npx playwright install chromium`." };
  }
  return {
    error:
      "No Chromium for the end-to-end tests: run `npx playwright install chromium`, or install your system's chromium " +
      `(at ${SYSTEM_CHROMIUM}), or set FACTDESK_CHROMIUM to a Chromium executable.`,
  };
}

module.exports = { SYSTEM_CHROMIUM, findBrowser, chromiumArgs, ensureBrowser };

if (require.main === module) {
  const result = process.argv.includes("--install") ? ensureBrowser() : findBrowser() ?? { error: "No Chromium found." };
  if (result.error) {
    console.error(result.error);
    process.exit(1);
  }
  console.log(result.path);
}
