/**
 * deploy/nginx's templates as scripts/nginx.mjs fills them in for `npm run
 * cluster` (nginx itself reads them in e2e/cluster.spec.ts and the benchmark).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderTemplate, upstreamLines, writeNginxConfig } from "../scripts/nginx.mjs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the nginx templates", () => {
  it("fill in every FACTDESK_NGINX_ value and leave nginx's own variables alone", () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-nginx-test-"));
    dirs.push(prefix);
    writeNginxConfig({ prefix, listen: "127.0.0.1:3999", ports: [4001, 4002], staticDir: "/srv/factdesk/.next/static" });
    const site = fs.readFileSync(path.join(prefix, "factdesk.conf"), "utf8");
    const main = fs.readFileSync(path.join(prefix, "nginx.conf"), "utf8");
    for (const text of [site, main]) expect(text).not.toMatch(/\$\{FACTDESK_NGINX_[A-Z_]+\}/);
    expect(site).toContain("listen 127.0.0.1:3999;");
    expect(site).toContain("server 127.0.0.1:4001 max_fails=1 fail_timeout=2s;");
    expect(site).toContain("alias /srv/factdesk/.next/static/;");
    expect(site).toContain(`proxy_cache_path ${path.join(prefix, "cache")} `);
    expect(site).toContain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
    expect(site).toContain("proxy_set_header Host $http_host;");
    expect(site).toContain("add_header X-Cache-Status $upstream_cache_status always;");
    expect(main).toContain(`include ${path.join(prefix, "factdesk.conf")};`);
    expect(main).toContain(`pid ${path.join(prefix, "nginx.pid")};`);
  });

  it("refuse a template value that is not given", () => {
    expect(renderTemplate("listen ${FACTDESK_NGINX_LISTEN}; $host", { FACTDESK_NGINX_LISTEN: "80" })).toBe("listen 80; $host");
    expect(() => renderTemplate("root ${FACTDESK_NGINX_ROOT};", {})).toThrow("No value for ${FACTDESK_NGINX_ROOT}");
  });

  it("mark instances out of service as down, but never all of them", () => {
    expect(upstreamLines([1, 2], new Set([2]))).toBe("server 127.0.0.1:1 max_fails=1 fail_timeout=2s;\n    server 127.0.0.1:2 max_fails=1 fail_timeout=2s down;");
    expect(upstreamLines([1, 2], new Set([1, 2]))).not.toContain("down");
  });
});
