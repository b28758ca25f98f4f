import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ENGINE_CHUNKS_FILE, ENGINE_STEPS, findEngineChunks, readEngineChunks, writeEngineChunks } from "./engine-chunks.mjs";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A loader as the bundler writes it: a module that loads its files, then evaluates its entry. */
const loader = (id: number, files: string[]) => `${id},s=>{s.v(t=>Promise.all([${files.map((f) => JSON.stringify(`static/chunks/${f}`)).join(",")}].map(t=>s.l(t))).then(()=>t(${id + 1})))}`;
const chunk = (...parts: string[]) => `(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push(["object"==typeof document?document.currentScript:void 0,${parts.join(",")}]);`;

/** A build directory whose scripts load the engine in three steps, beside a picker loaded on first use. */
function build(files: Record<string, string>, buildId = "build-1") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-engine-chunks-"));
  made.push(dir);
  fs.mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
  fs.writeFileSync(path.join(dir, "BUILD_ID"), buildId);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "static", "chunks", name), text);
  return dir;
}
const engineBuild = () =>
  build({
    "page.js": chunk(loader(10, ["yjs.js", "base.js"]), loader(20, ["picker.js"])),
    "yjs.js": chunk("11,e=>{}"),
    "base.js": chunk(`12,e=>{e.s({ENGINE_STEP:()=>"${ENGINE_STEPS[0]}"})}`, loader(30, ["core.js"])),
    "core.js": chunk(`31,e=>{let n="${ENGINE_STEPS[1]}"}`, loader(40, ["view.js", "editor.js", "editor.css"])),
    "view.js": chunk("41,e=>{}"),
    "editor.js": chunk(`42,e=>{const n="${ENGINE_STEPS[2]}"}`, loader(50, ["citation-picker.js"])),
    "editor.css": ".a{color:red}",
    "picker.js": chunk("21,e=>{}"),
    "citation-picker.js": chunk("51,e=>{}"),
  });

describe("the engine's files", () => {
  it("are every file of each step's loader, in the order the steps load, and nothing loaded on first use", () => {
    expect(findEngineChunks(path.join(engineBuild(), "static"))).toEqual(
      ["yjs.js", "base.js", "core.js", "view.js", "editor.js", "editor.css"].map((f) => `static/chunks/${f}`),
    );
  });

  it("a build in which a step's marker, or its loader, is missing fails rather than preloading the wrong files", () => {
    const noMarker = build({ "page.js": chunk(loader(10, ["base.js"])), "base.js": chunk("12,e=>{}") });
    expect(() => findEngineChunks(path.join(noMarker, "static"))).toThrow(`No built script holds the engine step "${ENGINE_STEPS[0]}"`);
    const noLoader = build({ "base.js": chunk(`12,e=>{"${ENGINE_STEPS[0]}"}`), "core.js": chunk(`"${ENGINE_STEPS[1]}"`), "editor.js": chunk(`"${ENGINE_STEPS[2]}"`) });
    expect(() => findEngineChunks(path.join(noLoader, "static"))).toThrow(`No loader in the built scripts loads the engine step "${ENGINE_STEPS[0]}"`);
  });

  it("are written beside the build with its id, and read back as the page's URLs; a list already written for this build is kept", () => {
    const dir = engineBuild();
    const files = writeEngineChunks(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, ENGINE_CHUNKS_FILE), "utf8"))).toEqual({ buildId: "build-1", files });
    expect(readEngineChunks(dir)).toEqual(files.map((f) => `/_next/${f}`));
    fs.writeFileSync(path.join(dir, ENGINE_CHUNKS_FILE), JSON.stringify({ buildId: "build-1", files: ["static/chunks/base.js"] }));
    expect(writeEngineChunks(dir)).toEqual(["static/chunks/base.js"]);
  });

  it("are not preloaded from another build's list, a list naming a file the build lacks or anything but its scripts, or no list", () => {
    const dir = engineBuild();
    expect(readEngineChunks(dir)).toEqual([]);
    const write = (list: unknown) => fs.writeFileSync(path.join(dir, ENGINE_CHUNKS_FILE), JSON.stringify(list));
    write({ buildId: "build-0", files: ["static/chunks/base.js"] });
    expect(readEngineChunks(dir)).toEqual([]);
    write({ buildId: "build-1", files: ["static/chunks/base.js", "static/chunks/gone.js"] });
    expect(readEngineChunks(dir)).toEqual([]);
    write({ buildId: "build-1", files: ["static/chunks/../../BUILD_ID"] });
    expect(readEngineChunks(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, ENGINE_CHUNKS_FILE), "{");
    expect(readEngineChunks(dir)).toEqual([]);
    write({ buildId: "build-1", files: ["static/chunks/base.js"] });
    expect(readEngineChunks(dir)).toEqual(["/_next/static/chunks/base.js"]);
  });

  it("each of the engine's step modules exports its marker, in the order they load", () => {
    const root = path.resolve(__dirname, "..");
    const steps = ["components/editor/engine-base.ts", "components/editor/engine-core.ts", "components/editor/live-editor.tsx"];
    expect(steps.map((file) => /export const ENGINE_STEP = "([^"]+)";/.exec(fs.readFileSync(path.join(root, file), "utf8"))?.[1])).toEqual(ENGINE_STEPS);
  });
});
