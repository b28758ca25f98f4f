/** Types of lib/cache-handler.mjs (plain JavaScript: Next.js loads it with Node's own import()). */
export type Durations = { expire?: number };
export type ExpireLocally = (tags: string[], durations?: Durations) => void;
export type ExpirySync = {
  ready: Promise<void>;
  listening: boolean;
  send(tags: string[], durations?: Durations): Promise<void>;
  close(): Promise<void>;
};
export declare const CHANNEL: string;
export declare const EVERY_PUBLIC_TAG: string;
export declare function expiryMessages(origin: string, tags: string[], durations?: Durations): string[];
export declare function createExpirySync(options: { url: string; expireLocally: ExpireLocally; log?: Pick<Console, "error">; retryMs?: number }): ExpirySync;
/** Calls `listener` after every expiry applied in this process; returns the unsubscribe. */
export declare function onExpiry(listener: () => void): () => void;
declare const FactdeskCacheHandler: new (context: unknown) => unknown;
export default FactdeskCacheHandler;
