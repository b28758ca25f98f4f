// Helpers shared by the start and test scripts (plain Node, no dependencies).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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

/** A hash of the files a production build depends on, to rebuild only when they change. */
export function sourceHash() {
  const hash = crypto.createHash("sha256");
  const visit = (entry) => {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        visit(path.join(entry, name));
      }
    } else {
      hash.update(entry);
      hash.update(fs.readFileSync(full));
    }
  };
  SOURCE_ENTRIES.forEach(visit);
  return hash.digest("hex");
}

export const distDir = () => path.join(root, process.env.FACTDESK_DIST_DIR || ".next");

export async function ensureBuild(env) {
  const marker = path.join(distDir(), "factdesk-source-hash");
  const wanted = sourceHash();
  const built = fs.existsSync(path.join(distDir(), "BUILD_ID")) && fs.existsSync(marker)
    ? fs.readFileSync(marker, "utf8")
    : "";
  if (built === wanted) return 0;
  console.log("Building the app (first run or changed sources)…");
  const code = await run(nodeBin, [nextBin, "build"], { env });
  if (code === 0) fs.writeFileSync(marker, wanted);
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
