// @ts-check
/**
 * The build's scripts marked for eager compilation.
 *
 * A browser's JavaScript engine compiles a script's functions lazily by
 * default: it skims each one as the script loads, and compiles it fully, on
 * the page's one thread, the first time it is called. A page's scripts are
 * what it runs as it opens (the bundler splits them by page and by what is
 * loaded on first use), so nearly every function in them is called at once:
 * skimmed, then parsed again, on the main thread, in the middle of hydrating
 * the page and opening the editor. Opening the editor spent some 140 ms per
 * opening on this machine in the bundler's module loader alone, most of it
 * compiling the modules' bodies as each was first required.
 *
 * Chromium (136 and later) reads a first line `//# allFunctionsCalledOnLoad`
 * as the hint to compile every function of the file eagerly, while it
 * streams the file in, on a background thread where it can; other browsers
 * read a comment. `markEagerScripts` writes that line at the top of every
 * script of the build's static directory that does not start with it, after
 * `next build` and before the compressed copies are made (a file changed
 * here is newer than its old copies, which are written again).
 *
 * The bundler names these files by their content before this line is added;
 * each name still stands for one content per build (the line is the same in
 * every build), so the year-long caching of `/_next/static/` holds.
 */
import fs from "node:fs";
import path from "node:path";

export const EAGER_HINT = "//# allFunctionsCalledOnLoad\n";

/** Whether `file` begins with the bytes of `head`. */
function startsWith(/** @type {string} */ file, /** @type {Buffer} */ head) {
  const fd = fs.openSync(file, "r");
  try {
    const start = Buffer.alloc(head.length);
    return fs.readSync(fd, start, 0, head.length, 0) === head.length && start.equals(head);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Marks every `.js` file under `staticDir` (recursively) that is not marked
 * yet; the compressed copies of a file marked here are removed with it.
 * @param {string} staticDir e.g. `.next/static`
 * @returns {{ scripts: number; marked: number }}
 */
export function markEagerScripts(staticDir) {
  let entries;
  try {
    entries = fs.readdirSync(staticDir, { recursive: true, withFileTypes: true });
  } catch {
    return { scripts: 0, marked: 0 };
  }
  const hint = Buffer.from(EAGER_HINT);
  let scripts = 0;
  let marked = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    scripts += 1;
    const file = path.join(entry.parentPath, entry.name);
    // Only the first bytes are read to tell (this runs at every `npm start`).
    if (startsWith(file, hint)) continue;
    const body = fs.readFileSync(file);
    // Written under a temporary name, then renamed: a server never reads half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([hint, body]));
    for (const copy of [`${file}.br`, `${file}.gz`]) fs.rmSync(copy, { force: true });
    fs.renameSync(temporary, file);
    marked += 1;
  }
  return { scripts, marked };
}
