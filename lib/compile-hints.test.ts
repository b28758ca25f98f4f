import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EAGER_HINT, markEagerScripts } from "./compile-hints.mjs";
import { precompressStatic } from "./static-files.mjs";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-hints-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, body: string) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), body);
}
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), "utf8");
/** A chunk as the bundler writes one, long enough to be compressed. */
const chunk = (name: string) => `(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([${Array.from({ length: 300 }, (_, i) => `function ${name}${i}(a){return a+${i}}`).join(",")}]);`;

describe("markEagerScripts", () => {
  it("puts the hint on the first line of every script, once, and leaves styles and other files alone", () => {
    write("chunks/a.js", chunk("a"));
    write("chunks/nested/b.js", "'use strict';\nexport {};\n");
    write("chunks/a.css", ".a { color: red; }\n");
    write("media/font.woff2", "binary");

    expect(markEagerScripts(dir)).toEqual({ scripts: 2, marked: 2 });
    expect(read("chunks/a.js")).toBe(`//# allFunctionsCalledOnLoad\n${chunk("a")}`);
    expect(read("chunks/nested/b.js")).toBe(`${EAGER_HINT}'use strict';\nexport {};\n`);
    expect(read("chunks/a.css")).toBe(".a { color: red; }\n");
    expect(read("media/font.woff2")).toBe("binary");
    // The scripts still run: the hint is a comment.
    expect(() => new Function(read("chunks/a.js").replace("globalThis.TURBOPACK", "globalThis.__hintTest"))).not.toThrow();

    // Again (the build finished twice, as `npm start` after `npm run build` does): nothing changes.
    expect(markEagerScripts(dir)).toEqual({ scripts: 2, marked: 0 });
    expect(read("chunks/a.js").split(EAGER_HINT).length).toBe(2);
    // No temporary file is left behind.
    expect(fs.readdirSync(path.join(dir, "chunks")).sort()).toEqual(["a.css", "a.js", "nested"]);
  });

  it("drops a marked file's old compressed copies, so that they are made again from the marked file", async () => {
    write("chunks/a.js", chunk("a"));
    await precompressStatic(dir);
    expect(fs.existsSync(path.join(dir, "chunks/a.js.br"))).toBe(true);

    expect(markEagerScripts(dir).marked).toBe(1);
    expect(fs.existsSync(path.join(dir, "chunks/a.js.br"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "chunks/a.js.gz"))).toBe(false);

    expect((await precompressStatic(dir)).written).toBe(2);
    const { brotliDecompressSync, gunzipSync } = await import("node:zlib");
    expect(brotliDecompressSync(fs.readFileSync(path.join(dir, "chunks/a.js.br"))).toString()).toBe(read("chunks/a.js"));
    expect(gunzipSync(fs.readFileSync(path.join(dir, "chunks/a.js.gz"))).toString().startsWith(EAGER_HINT)).toBe(true);
  });

  it("does nothing where there is no static directory (a build not made yet)", () => {
    expect(markEagerScripts(path.join(dir, "missing"))).toEqual({ scripts: 0, marked: 0 });
  });
});
