/**
 * Where a CPU profile's time went (a `.cpuprofile` written by `node --cpu-prof`):
 * self time by function, and by where the code comes from (a package of
 * node_modules, Next.js's own server, the app's build output, Node.js itself),
 * and the total (self and callees) of the functions that take the most.
 *
 *   node --import tsx bench/cpu-profile.ts <file.cpuprofile>
 */
import fs from "node:fs";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

function origin(url: string): string {
  if (!url) return "(native, GC, idle)";
  if (url.startsWith("node:")) return "Node.js";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] === "next" ? `next (${/next\/dist\/([^/]+\/[^/]+)/.exec(url)?.[1] ?? "?"})` : pkg[1]!;
  if (/\.next\/server\//.test(url)) return "build output (app and bundled packages)";
  return url.replace(/^file:\/\//, "");
}

export function summarizeProfile(file: string, top = 25): void {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => ["(idle)", "(program)"].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);
  const busy = totalUs - idle;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const label = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\.next\//, ".next/")}:${n.callFrame.lineNumber + 1}`;

  const selfBy = (key: (n: ProfileNode) => string) => {
    const sums = new Map<string, number>();
    for (const [id, us] of self) {
      const node = byId.get(id)!;
      if (["(idle)", "(program)"].includes(node.callFrame.functionName)) continue;
      sums.set(key(node), (sums.get(key(node)) ?? 0) + us);
    }
    return [...sums.entries()].sort((a, b) => b[1] - a[1]);
  };
  console.log(`\nBusy ${(busy / 1000).toFixed(0)} ms of ${(totalUs / 1000).toFixed(0)} ms sampled`);
  console.log("\nSelf time by origin");
  console.table(selfBy((n) => origin(n.callFrame.url)).slice(0, top).map(([what, us]) => ({ origin: what, ms: Math.round(us / 1000), share: share(us) })));
  console.log("\nSelf time by function");
  console.table(selfBy(label).slice(0, top).map(([what, us]) => ({ function: what, ms: Math.round(us / 1000), share: share(us) })));

  // Total time of each function: its own and its callees', each sample counted once per function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      if (["(root)", "(idle)", "(program)"].includes(node.callFrame.functionName)) continue;
      const key = label(node);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  console.log("\nTotal time (self and callees) by function");
  console.table(
    [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top * 2)
      .map(([what, us]) => ({ function: what, ms: Math.round(us / 1000), share: share(us) })),
  );
}

if (process.argv[1] && /cpu-profile\.ts$/.test(process.argv[1])) {
  const file = process.argv[2];
  if (!file) throw new Error("Usage: node --import tsx bench/cpu-profile.ts <file.cpuprofile>");
  summarizeProfile(file);
}
