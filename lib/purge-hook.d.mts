/** Types of lib/purge-hook.mjs (plain JavaScript: loaded with the cache handler by Node's own import()). */
export type PurgeHook = {
  /** Purges the public ones of `tags`, now and again after `repeatAfterMs`; never throws. */
  purge(tags: string[]): void;
  /** Waits for every purge sent so far, the repeats included. */
  settled(): Promise<void>;
};
export declare function isPublicTag(tag: string): boolean;
export declare function createPurgeHook(options: {
  url: string;
  secret: string;
  repeatAfterMs?: number;
  retryMs?: number;
  timeoutMs?: number;
  log?: Pick<Console, "error">;
}): PurgeHook;
export declare function purgeHookFromEnv(env?: Record<string, string | undefined>): PurgeHook | null;
