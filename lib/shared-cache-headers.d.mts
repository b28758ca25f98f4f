/** Types of lib/shared-cache-headers.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { ServerResponse } from "node:http";

export declare const TAGS_META_NAME: string;
export declare const CACHE_TAG_HEADER: string;
export declare const SURROGATE_KEY_HEADER: string;
export declare function cacheTagsOf(html: string | Buffer): string[];
export declare function markForSharedCaches(res: ServerResponse, tags: string[] | null): void;
