// Helpers shared by the start and test scripts (plain Node, no dependencies).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { markEagerScripts } from "../lib/compile-hints.mjs";
import { writeEngineChunks } from "../lib/engine-chunks.mjs";
import { precompressStatic } from "../lib/static-files.mjs";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** Runs a command, inheriting stdio; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", cwd: root, ...options });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export const nodeBin = process.execPath;
export const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
export const tsxArgs = ["--import", "tsx"];

const SOURCE_ENTRIES = [
  "app", "components", "lib", "db", "public", "auth.ts", "auth.config.ts", "proxy.ts", "instrumentation.ts",
  "next.config.ts", "package-lock.json", "tsconfig.json",
];

/** The files a production build depends on, in a fixed order: each one's path and `fs.Stats`. */
function sourceFiles() {
  const files = [];
  const visit = (entry) => {
    let stat;
    try {
      stat = fs.statSync(path.join(root, entry));
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(path.join(root, entry)).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        visit(path.join(entry, name));
      }
    } else files.push({ entry, stat });
  };
  SOURCE_ENTRIES.forEach(visit);
  return files;
}

/**
 * A hash of the names, sizes and modification times of the files a build
 * depends on: equal to the one recorded at the last build, nothing can have
 * changed, and no file needs reading.
 */
function statHash(files) {
  const hash = crypto.createHash("sha256");
  for (const { entry, stat } of files) hash.update(`${entry}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}\n`);
  return hash.digest("hex");
}

/** A hash of the contents of the files a production build depends on, to rebuild only when they change. */
export function sourceHash(files = sourceFiles()) {
  const hash = crypto.createHash("sha256");
  for (const { entry } of files) {
    hash.update(entry);
    hash.update(fs.readFileSync(path.join(root, entry)));
  }
  return hash.digest("hex");
}

export const distDir = () => path.join(root, process.env.FACTDESK_DIST_DIR || ".next");

/**
 * Builds unless the build there was made from these sources. The contents'
 * hash decides; it is read only when a file's name, size or modification
 * time differs from the last check's (a checkout that touched files without
 * changing them costs one reading, and no build). Then the static files'
 * compressed copies and the engine's list (finishBuild).
 */
export async function ensureBuild(env) {
  const code = await buildIfChanged(env);
  if (code === 0) await finishBuild();
  return code;
}

/**
 * What a build needs after `next build`: its scripts marked for eager
 * compilation (lib/compile-hints.mjs), the compressed copies of its scripts
 * and styles the server sends (lib/static-files.mjs), for the files that have
 * none yet (a build made by `next build` alone gets them here too), and the
 * list of the editing engine's files that the editor's page preloads
 * (lib/engine-chunks.mjs).
 */
export async function finishBuild() {
  markEagerScripts(path.join(distDir(), "static"));
  await compressBuild();
  writeEngineChunks(distDir());
}

async function compressBuild() {
  const started = performance.now();
  const { written, bytes, brotliBytes } = await precompressStatic(path.join(distDir(), "static"));
  if (written > 0) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Compressed the build's scripts and styles in ${seconds} s: ${Math.round(bytes / 1024)} KB, ${Math.round(brotliBytes / 1024)} KB as Brotli.`);
  }
}

async function buildIfChanged(env) {
  const marker = path.join(distDir(), "factdesk-source-hash");
  const files = sourceFiles();
  const stats = statHash(files);
  let recorded = { hash: "", stats: "" };
  if (fs.existsSync(path.join(distDir(), "BUILD_ID")) && fs.existsSync(marker)) {
    try {
      recorded = { ...recorded, ...JSON.parse(fs.readFileSync(marker, "utf8")) };
    } catch {
      // A marker from before the stats were kept: the contents decide.
      recorded.hash = fs.readFileSync(marker, "utf8").trim();
    }
  }
  if (recorded.hash && recorded.stats === stats) return 0;
  const wanted = sourceHash(files);
  if (recorded.hash === wanted) {
    fs.writeFileSync(marker, JSON.stringify({ hash: wanted, stats }));
    return 0;
  }
  console.log("Building the app (first run or changed sources)…");
  const code = await run(nodeBin, [nextBin, "build"], { env });
  // The stats as they were before the build began: a file changed during it is read again next time.
  if (code === 0) fs.writeFileSync(marker, JSON.stringify({ hash: wanted, stats }));
  return code;
}

/** AUTH_SECRET from the environment, else one generated on first run and kept in the data directory. */
export function ensureAuthSecret(dataDir) {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}
