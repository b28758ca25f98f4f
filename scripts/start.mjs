#!/usr/bin/env node
// `npm start`: build if needed, then serve on PORT (default 3000); the server
// migrates and loads demo data into an empty database as it starts, before it
// answers (db/prepare.ts). `--dev` runs the development server instead.
import path from "node:path";
import { spawn } from "node:child_process";
import { ensureAuthSecret, ensureBuild, nodeBin, root } from "./lib.mjs";

const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.FACTDESK_DATA_DIR || ".data");
const env = {
  ...process.env,
  FACTDESK_DATA_DIR: dataDir,
  AUTH_SECRET: ensureAuthSecret(dataDir),
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  FACTDESK_PREPARE_DATABASE: "true",
};
const port = process.env.PORT || "3000";

async function main() {
  if (!dev) {
    const built = await ensureBuild(env);
    if (built !== 0) process.exit(built);
  }

  // One server for both, so that live editing (its WebSocket) works in development too.
  const command = dev ? ["server.mjs", "--dev", "--port", port] : ["server.mjs", "--port", port];
  const server = spawn(nodeBin, command, { stdio: "inherit", cwd: root, env });
  console.log(`Factdesk on http://localhost:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main();
