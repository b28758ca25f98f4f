/** Types of lib/cache-handler.mjs (plain JavaScript: Next.js loads it with Node's own import()). */
import type { Redis } from "ioredis";

export type Durations = { expire?: number };
export type TagExpiry = { stale?: number; expired?: number };
export type Entry = { lastModified: number; value: unknown; cacheControl?: { revalidate?: number | false; expire?: number }; tags: string[] };
export type CacheStore = {
  get(key: string): Promise<Entry | null>;
  set(key: string, entry: Entry, ttlSeconds: number): Promise<void>;
  tagExpiries(tags: string[]): Promise<(TagExpiry | undefined)[]>;
  expireTags(tags: string[], expiry: TagExpiry): Promise<void>;
  close(): Promise<void>;
};
export declare const EVERY_PUBLIC_TAG: string;
export declare function sizeOf(value: unknown): number;
export declare function createMemoryStore(options?: { maxBytes?: number; now?: () => number }): CacheStore & { stats(): { entries: number; bytes: number } };
export declare function encodeEntry(entry: Entry): Buffer;
export declare function decodeEntry(raw: Buffer): Entry;
export declare function createRedisStore(options: { client: Redis; prefix: string }): CacheStore;
export declare function cachePrefix(env?: NodeJS.ProcessEnv): string;
/** Calls `listener` after every expiry this process records; returns the unsubscribe. */
export declare function onExpiry(listener: () => void): () => void;
/** Tests: the state every handler of this process then uses (null: from the environment again). */
export declare function useCacheState(options: { store: CacheStore; purge?: ((tags: string[]) => void) | null; log?: Pick<Console, "error"> } | null): void;
type CacheValue = { lastModified: number; value: unknown; cacheControl?: Entry["cacheControl"] };
declare class FactdeskCacheHandler {
  constructor(context: unknown);
  get(key: string, ctx: unknown): Promise<CacheValue | null>;
  set(key: string, data: unknown, ctx: unknown): Promise<void>;
  revalidateTag(tags: string | string[], durations?: Durations): Promise<void>;
  resetRequestCache(): void;
}
export default FactdeskCacheHandler;
