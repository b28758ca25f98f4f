// nginx in front of app instances, as deploy/nginx configures it: the
// templates filled in for a prefix of its own, and nginx run as a child
// process (never as a daemon, never with the system's configuration).
// Used by `npm run cluster` (scripts/cluster.mjs), its end-to-end test and
// the cluster benchmark.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import findNginxModule from "./find-nginx.cjs";
import { root } from "./lib.mjs";

/** nginx: NGINX_BIN, else the one on PATH, else Debian's /usr/sbin/nginx; null when none runs. */
export const { findNginx } = findNginxModule;

export const deployDir = path.join(root, "deploy", "nginx");

/**
 * Where Debian's dynamic modules are, and the brotli filter if its package is
 * installed; with it, the module that sends a file's `.br` copy, if there.
 */
function brotliModule() {
  for (const dir of ["/usr/lib/nginx/modules", "/usr/lib64/nginx/modules", "/usr/local/nginx/modules"]) {
    const filter = path.join(dir, "ngx_http_brotli_filter_module.so");
    const copies = path.join(dir, "ngx_http_brotli_static_module.so");
    if (fs.existsSync(filter)) return { filter, copies: fs.existsSync(copies) ? copies : null };
  }
  return null;
}

/**
 * Fills `${FACTDESK_NGINX_*}` in a template; any other `$` is nginx's own.
 * A name left without a value is a mistake: it throws.
 */
export function renderTemplate(text, values) {
  return text.replace(/\$\{(FACTDESK_NGINX_[A-Z_]+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`No value for \${${name}} in the nginx template`);
    return values[name];
  });
}

/** The `server …;` lines of the upstream, with the instances out of service marked `down`. */
export function upstreamLines(ports, down = new Set()) {
  // Never every instance down: nginx would answer 502 to everyone; let its passive checks decide then.
  const marked = down.size >= ports.length ? new Set() : down;
  return ports.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=2s${marked.has(port) ? " down" : ""};`).join("\n    ");
}

/**
 * The configuration files for nginx on `listen` in front of `ports`, under
 * `prefix`: `nginx.conf` (nginx.conf.template) and `factdesk.conf`
 * (factdesk.conf.template, the one a server's /etc/nginx/conf.d gets).
 * `adjust` may change factdesk.conf's text (the benchmark turns the cache off).
 */
export function writeNginxConfig({ prefix, listen, ports, down = new Set(), staticDir, workers = "auto", adjust = (text) => text }) {
  fs.mkdirSync(path.join(prefix, "cache"), { recursive: true });
  const brotli = brotliModule();
  const values = {
    FACTDESK_NGINX_PREFIX: prefix,
    FACTDESK_NGINX_DEPLOY: deployDir,
    FACTDESK_NGINX_WORKERS: String(workers),
    // Run by root (CI), its workers would be `nobody`, who may not write this prefix: they stay root here.
    FACTDESK_NGINX_USER: typeof process.getuid === "function" && process.getuid() === 0 ? "user root;" : "",
    FACTDESK_NGINX_MODULES: brotli ? [brotli.filter, brotli.copies].filter(Boolean).map((file) => `load_module ${file};`).join("\n") : "",
    FACTDESK_NGINX_LISTEN: listen,
    FACTDESK_NGINX_SERVER_NAME: "_",
    FACTDESK_NGINX_UPSTREAMS: upstreamLines(ports, down),
    FACTDESK_NGINX_STATIC: staticDir,
    FACTDESK_NGINX_CACHE: path.join(prefix, "cache"),
    FACTDESK_NGINX_BROTLI: brotli
      ? "brotli on;\n    brotli_comp_level 5;\n    brotli_types text/css text/plain text/xml text/x-component application/javascript application/json application/xml application/rss+xml application/manifest+json image/svg+xml;" +
        (brotli.copies ? "\n    brotli_static on;" : "")
      : "",
  };
  const site = adjust(renderTemplate(fs.readFileSync(path.join(deployDir, "factdesk.conf.template"), "utf8"), values));
  fs.writeFileSync(path.join(prefix, "factdesk.conf"), site);
  fs.writeFileSync(path.join(prefix, "nginx.conf"), renderTemplate(fs.readFileSync(path.join(deployDir, "nginx.conf.template"), "utf8"), values));
  return { brotli: !!brotli };
}

/** Checks the configuration under `prefix` (`nginx -t`); throws with nginx's words when it is wrong. */
export function testNginxConfig(nginx, prefix) {
  const result = spawnSync(nginx, ["-t", "-q", "-p", prefix, "-e", path.join(prefix, "error.log"), "-c", path.join(prefix, "nginx.conf")], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`nginx refuses the configuration:\n${result.stderr || result.stdout}`);
}

/** Starts nginx in the foreground on the configuration under `prefix`. */
export function startNginx(nginx, prefix, { stdio = ["ignore", "inherit", "inherit"] } = {}) {
  return spawn(nginx, ["-p", prefix, "-e", path.join(prefix, "error.log"), "-c", path.join(prefix, "nginx.conf"), "-g", "daemon off;"], { stdio });
}

/** Waits until something answers HTTP on `url` (nginx listening), within `ms`. */
export async function waitForHttp(url, { ms = 20_000, process: child } = {}) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Nothing answered on ${url} within ${ms / 1000} s`);
}
