/**
 * How the app's modules depend on each other (docs/architecture.md, "Modules"):
 * no import cycle among them, and server actions in app/_actions only.
 * The imports are read and resolved by TypeScript itself, with tsconfig.json's
 * paths (`@/…`), type-only imports included.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const SOURCE_DIRS = ["app", "components", "lib", "db"];

function loadProject() {
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile).config, ts.sys, root);
  const files = config.fileNames
    .map((file) => path.relative(root, file))
    .filter((file) => !file.includes("node_modules") && !/\.test\.tsx?$/.test(file))
    // The app's directories and its files at the top level (auth.ts, proxy.ts, instrumentation.ts, …).
    .filter((file) => SOURCE_DIRS.includes(file.split(path.sep)[0]!) || !file.includes(path.sep));
  return { config, files };
}

/** The project files `file` imports (statically, or re-exports), by path relative to the root. */
function importsOf(file: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest);
  const specifiers = source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
  return specifiers.flatMap((specifier) => {
    const resolved = ts.resolveModuleName(specifier, path.join(root, file), options, host).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return [];
    const target = path.relative(root, resolved.resolvedFileName);
    return target.startsWith("..") || target.includes("node_modules") ? [] : [target];
  });
}

/** Every cycle's files (strongly connected components of more than one file, or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe("the module graph", () => {
  const { config, files } = loadProject();
  const host: ts.ModuleResolutionHost = { fileExists: ts.sys.fileExists, readFile: ts.sys.readFile };
  const graph = new Map(files.map((file) => [file, importsOf(file, config.options, host)]));

  it("is read whole: the app's directories and the imports between them", () => {
    for (const dir of SOURCE_DIRS) expect(files.some((file) => file.startsWith(`${dir}${path.sep}`))).toBe(true);
    expect(graph.get(path.join("lib", "server", "fact-checks.ts"))).toContain(path.join("lib", "server", "workflow.ts"));
    expect(graph.get(path.join("app", "(desk)", "layout.tsx"))).toContain(path.join("app", "_actions", "auth.ts"));
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]], ["e", ["e"]]]))).toEqual([["a", "b", "c"], ["e"]]);
  });

  it("keeps every server action in app/_actions, one file per concept", () => {
    const actionFiles = files.filter((file) => /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use server["']/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(actionFiles.length).toBeGreaterThan(0);
    expect(actionFiles.filter((file) => path.dirname(file) !== path.join("app", "_actions"))).toEqual([]);
  });
});
