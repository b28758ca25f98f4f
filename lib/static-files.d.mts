/** Types of lib/static-files.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage, ServerResponse } from "node:http";

export declare const STATIC_PREFIX: string;
export declare function precompressStatic(staticDir: string): Promise<{ files: number; written: number; bytes: number; brotliBytes: number }>;
export declare function acceptedEncodings(header: string | string[] | undefined): { name: "br" | "gzip"; suffix: string }[];
export declare function createStaticFiles(options: { staticDir: string; headers?: Record<string, string> }): (req: IncomingMessage, res: ServerResponse) => boolean;
