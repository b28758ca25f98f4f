// nginx for `npm run cluster`, its end-to-end test and the cluster benchmark:
// NGINX_BIN, else the one on PATH, else Debian's /usr/sbin/nginx; null when none
// runs. CommonJS so that playwright.config.ts can ask it too.
const { spawnSync } = require("node:child_process");

function findNginx(env = process.env) {
  const candidates = [env.NGINX_BIN, "nginx", "/usr/sbin/nginx"].filter(Boolean);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-v"], { encoding: "utf8" });
    if (probe.status === 0) return { path: candidate, version: String(probe.stderr || probe.stdout).trim().replace(/^nginx version: /, "") };
  }
  return null;
}

module.exports = { findNginx };
