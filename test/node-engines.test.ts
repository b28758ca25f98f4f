/**
 * The Node.js versions package.json declares are ones every installed package
 * declares too: `npm ci` on any of them warns about no engine (README, "Node.js").
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
});
