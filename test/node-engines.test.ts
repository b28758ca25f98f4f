/**
 * The Node.js versions package.json declares are ones every installed package
 * declares too: `npm ci` on any of them warns about no engine (README, "Node.js").
 * Checked twice: in the lock file (what `npm ci` installs anywhere) and in
 * node_modules (what is installed here, nested copies included), and the README
 * names the same versions.
 */
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));

type LockedPackage = { version?: string; engines?: { node?: string } | string[]; os?: string[]; cpu?: string[] };

// Packages built for one platform only are checked when it is one Factdesk runs on. 32-bit
// builds are not: Node.js has none from 23 on (sharp's 32-bit Windows binary asks for Node 20).
const OSES = ["linux", "darwin", "win32"];
const CPUS = ["x64", "arm64"];
const forUs = (list: string[] | undefined, ours: string[]) =>
  !list || list.every((entry) => entry.startsWith("!")) || list.some((entry) => ours.includes(entry));

describe("Node.js versions", () => {
  const declared: string = readJson("package.json").engines.node;

  it("are the maintained lines: 20 from 20.19, 22 from 22.13, 24 and later", () => {
    expect(declared).toBe("^20.19.0 || ^22.13.0 || >=24");
    expect(semver.satisfies("20.9.0", declared)).toBe(false);
    expect(semver.satisfies("23.11.0", declared)).toBe(false);
    expect(semver.satisfies("22.13.0", declared)).toBe(true);
  });

  it("agree with the engines of every package in the lock file", () => {
    const lock = readJson("package-lock.json") as { packages: Record<string, LockedPackage> };
    expect(lock.packages[""].engines).toEqual({ node: declared });
    const disagreeing = Object.entries(lock.packages)
      .filter(([key, pkg]) => key !== "" && forUs(pkg.os, OSES) && forUs(pkg.cpu, CPUS))
      .flatMap(([key, pkg]) => {
        const wanted = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return wanted && !semver.subset(declared, wanted) ? [`${key.replace(/^.*node_modules\//, "")}@${pkg.version} wants ${wanted}`] : [];
      });
    expect(disagreeing).toEqual([]);
  });

  it("agree with the engines of every package installed in node_modules", () => {
    const disagreeing: string[] = [];
    let seen = 0;
    const visit = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(".") || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
        const at = path.join(dir, entry.name);
        if (entry.name.startsWith("@")) {
          visit(at);
          continue;
        }
        const manifest = path.join(at, "package.json");
        if (fs.existsSync(manifest)) {
          const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as LockedPackage & { name?: string };
          seen += 1;
          const wanted = pkg.engines && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
          if (wanted && forUs(pkg.os, OSES) && forUs(pkg.cpu, CPUS) && !semver.subset(declared, wanted)) {
            disagreeing.push(`${path.relative(root, at)}@${pkg.version} wants ${wanted}`);
          }
        }
        visit(path.join(at, "node_modules"));
      }
    };
    visit(path.join(root, "node_modules"));
    // Every package the lock file lists is installed (the walk found them all).
    const lock = readJson("package-lock.json") as { packages: Record<string, LockedPackage & { optional?: boolean }> };
    const installedFromLock = Object.entries(lock.packages).filter(([key]) => key !== "" && fs.existsSync(path.join(root, key, "package.json")));
    expect(seen).toBeGreaterThanOrEqual(installedFromLock.length);
    expect(disagreeing).toEqual([]);
  });

  it("are the ones the README names", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`\`${declared}\``);
    // Each line's lowest version the README names runs the app, and the one below it does not.
    for (const [named, below] of [
      ["20.19", "20.18.3"],
      ["22.13", "22.12.0"],
    ] as const) {
      expect(readme).toContain(named);
      expect(semver.satisfies(`${named}.0`, declared)).toBe(true);
      expect(semver.satisfies(below, declared)).toBe(false);
    }
    expect(semver.satisfies("24.0.0", declared)).toBe(true);
  });
});
