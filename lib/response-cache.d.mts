/** Types of lib/response-cache.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { IncomingMessage, ServerResponse } from "node:http";

export type ResponseCacheStats = { entries: number; bytes: number };
export type ResponseCache = {
  /** Answers from the cache (true), or prepares to keep Next.js's answer (false: call Next.js). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Forgets every response, and keeps none begun before. */
  expireAll(): void;
  stats(): ResponseCacheStats;
};
export declare const HIT_HEADER: string;
export declare function sharedMaxAge(cacheControl: string | undefined): number;
export declare function createResponseCache(options?: { ttlMs?: number; maxBytes?: number; maxEntryBytes?: number; now?: () => number }): ResponseCache;
