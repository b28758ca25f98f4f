/** Types of scripts/nginx.mjs (plain JavaScript: run by Node.js as it is). */
import type { ChildProcess, StdioOptions } from "node:child_process";

export declare const deployDir: string;
export declare function findNginx(env?: NodeJS.ProcessEnv): { path: string; version: string } | null;
export declare function renderTemplate(text: string, values: Record<string, string>): string;
export declare function upstreamLines(ports: number[], down?: Set<number>): string;
export declare function writeNginxConfig(options: {
  prefix: string;
  listen: string;
  ports: number[];
  down?: Set<number>;
  staticDir: string;
  workers?: string | number;
  adjust?: (text: string) => string;
}): { brotli: boolean };
export declare function testNginxConfig(nginx: string, prefix: string): void;
export declare function startNginx(nginx: string, prefix: string, options?: { stdio?: StdioOptions }): ChildProcess;
export declare function waitForHttp(url: string, options?: { ms?: number; process?: ChildProcess }): Promise<void>;
