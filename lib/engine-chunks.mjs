// @ts-check
/**
 * The editing engine's files, named in the editor page's HTML so that the
 * browser fetches them with the page's own scripts.
 *
 * The engine (ProseMirror, Tiptap, Yjs, the editor) is loaded in three steps
 * (components/editor/engine-base.ts), each asked for by the step before it
 * once that one has run: the first when the page's code runs, some 300 ms
 * after its scripts arrive, and each later one after a round trip of its
 * own. The bundler names the steps' files by their content, so the page
 * cannot know them from the source: after a build, `writeEngineChunks` finds
 * them in the built scripts, and the editor's page asks the browser to
 * preload them (`readEngineChunks`). The steps still run in turn, each in a
 * task of its own; only the waiting for their files goes.
 *
 * Each step's module names itself with a marker string (ENGINE_STEPS), kept
 * as it is by the minifier; the step's files are those of every loader
 * (`Promise.all(["static/chunks/…", …])` in the built scripts) that lists
 * the file holding that marker. A build in which a marker is missing fails
 * here rather than leaving the page without its preloads.
 */
import fs from "node:fs";
import path from "node:path";

/** The markers of the engine's steps, in the order they load (each exported by its module as ENGINE_STEP). */
export const ENGINE_STEPS = ["factdesk-engine-step:base", "factdesk-engine-step:core", "factdesk-engine-step:editor"];

/** Where the list is written, in the build's directory. */
export const ENGINE_CHUNKS_FILE = "factdesk-engine-chunks.json";

/** A loader's list of files in the built scripts. */
const LOADER = /Promise\.all\(\[((?:"static\/chunks\/[\w.-]+\.(?:js|css)",?)+)\]\)?\.map\(/g;

/**
 * The files of the engine's steps, in load order ("static/chunks/….js" and
 * ".css", as the build names them), found in `staticDir`'s scripts.
 * @param {string} staticDir the build's `static` directory
 * @returns {string[]}
 */
export function findEngineChunks(staticDir) {
  const chunksDir = path.join(staticDir, "chunks");
  const scripts = fs
    .readdirSync(chunksDir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ file: `static/chunks/${name}`, text: fs.readFileSync(path.join(chunksDir, name), "utf8") }));
  /** @type {string[][]} */
  const loaders = [];
  for (const { text } of scripts) {
    for (const match of text.matchAll(LOADER)) loaders.push([...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]));
  }
  /** @type {string[]} */
  const files = [];
  for (const marker of ENGINE_STEPS) {
    const holders = scripts.filter(({ text }) => text.includes(`"${marker}"`)).map(({ file }) => file);
    if (holders.length === 0) throw new Error(`No built script holds the engine step "${marker}": components/editor/ must export it as ENGINE_STEP`);
    const lists = loaders.filter((list) => holders.some((file) => list.includes(file)));
    if (lists.length === 0) throw new Error(`No loader in the built scripts loads the engine step "${marker}"`);
    for (const list of lists) for (const file of list) if (!files.includes(file)) files.push(file);
  }
  return files;
}

/**
 * Finds the engine's files in the build at `distDir` and writes their list
 * beside it, with the build's id (a list from another build is not used);
 * a list already written for this build is kept.
 * @param {string} distDir
 * @returns {string[]}
 */
export function writeEngineChunks(distDir) {
  const buildId = fs.readFileSync(path.join(distDir, "BUILD_ID"), "utf8").trim();
  try {
    const written = JSON.parse(fs.readFileSync(path.join(distDir, ENGINE_CHUNKS_FILE), "utf8"));
    if (written.buildId === buildId && Array.isArray(written.files)) return written.files;
  } catch {
    // none yet
  }
  const files = findEngineChunks(path.join(distDir, "static"));
  fs.writeFileSync(path.join(distDir, ENGINE_CHUNKS_FILE), JSON.stringify({ buildId, files }));
  return files;
}

/**
 * The engine's files as URL paths ("/_next/static/chunks/…"): none when the
 * list is missing, from another build (a build made by `next build` alone),
 * or names a file the build lacks.
 * @param {string} distDir
 * @returns {string[]}
 */
export function readEngineChunks(distDir) {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(distDir, ENGINE_CHUNKS_FILE), "utf8"));
    const buildId = fs.readFileSync(path.join(distDir, "BUILD_ID"), "utf8").trim();
    const valid = (/** @type {unknown} */ file) => typeof file === "string" && /^static\/chunks\/[\w.-]+\.(js|css)$/.test(file) && fs.existsSync(path.join(distDir, file));
    if (list.buildId === buildId && Array.isArray(list.files) && list.files.every(valid)) return list.files.map((/** @type {string} */ file) => `/_next/${file}`);
  } catch {
    // no list
  }
  return [];
}

const KEY = Symbol.for("factdesk.engineChunks");

/**
 * Where the editor's page finds the list: server.mjs reads it when it starts
 * (`readEngineChunks`) and provides it here. Kept on globalThis: Next.js's
 * bundles and server.mjs load their own copies of this module.
 * @param {string[]} files
 */
export function provideEngineChunks(files) {
  /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[KEY] = files;
}

/** The engine's files to preload: none under the development server, or before server.mjs provided them. @returns {string[]} */
export function providedEngineChunks() {
  return /** @type {string[] | undefined} */ (/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[KEY]) ?? [];
}
