/** Types of lib/csp.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage, ServerResponse } from "node:http";

export declare const CSP_HEADER: string;
export declare const PERMISSIONS_POLICY: string;
export declare const RESOURCE_POLICY: string;
export declare const SECURITY_HEADERS: { key: string; value: string }[];
export declare function createNonce(): string;
export declare function noncePolicy(nonce: string): string;
export declare function nonceOf(policy: string | null | undefined): string | null;
export declare function hashPolicy(hashes: string[]): string;
export declare function devPolicy(): string;
export declare function inlineScriptHashes(html: string | Buffer): string[];
export declare function prerenderedPages(distDir: string): (pathname: string) => boolean;
export declare function createContentSecurityPolicy(options?: { isPrerendered?: (pathname: string) => boolean }): (req: IncomingMessage, res: ServerResponse) => void;
export declare function isSandboxed(policy: unknown): boolean;
