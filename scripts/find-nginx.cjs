// nginx for `npm run cluster`, its end-to-end test and the cluster benchmark:
// NGINX_BIN, else the one on PATH, else Debian's /usr/sbin/nginx; null when none
// runs. CommonJS so that playwright.config.ts can ask it too.
const fs = require("node:fs");
const { spawnSync } = require("node:child_process");

function findNginx(env = process.env) {
  const candidates = [env.NGINX_BIN, "nginx", "/usr/sbin/nginx"].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-v"], { encoding: "utf8" });
    if (probe.status === 0) return { path: candidate, version: String(probe.stderr || probe.stdout).trim().replace(/^nginx version: /, "") };
  }
  return null;
}

/**
 * Finds nginx, installing Debian's package if needed and possible (as root with
 * apt-get), installed but not started: policy-rc.d refuses the service's start
 * meanwhile. Returns `{ path, version }` or `{ error }` (one line saying what to install).
 */
function ensureNginx({ log = console.log } = {}) {
  const found = findNginx();
  if (found) return found;
  if (process.env.NGINX_BIN) return { error: `NGINX_BIN points at ${process.env.NGINX_BIN}, which does not run.` };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    log("No nginx found: installing Debian's nginx package (apt-get), not started…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const policy = "/usr/sbin/policy-rc.d";
    const madePolicy = !fs.existsSync(policy);
    if (madePolicy) fs.writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    try {
      const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
      if (update.status === 0) spawnSync("apt-get", ["install", "-y", "nginx"], { stdio: "inherit", env });
    } finally {
      if (madePolicy) fs.rmSync(policy, { force: true });
    }
    return findNginx() ?? { error: "Installing nginx with apt-get failed; install it (apt-get install nginx) or set NGINX_BIN." };
  }
  return { error: "No nginx for the cluster's end-to-end tests (e2e/cluster.spec.ts): install it (apt-get install nginx) or set NGINX_BIN." };
}

module.exports = { findNginx, ensureNginx };
