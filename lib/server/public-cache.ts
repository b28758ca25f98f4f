import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { revalidateTag, unstable_cache } from "next/cache";
import { PUBLIC_TAGS } from "@/lib/public-tags";

/**
 * Published pages are rendered once and kept in Next's cache (lib/cache-handler.mjs:
 * this process's memory, or Redis shared by every instance); every change that
 * readers must see invalidates their tags (after its transaction commits), and a
 * page's lifetime ends when its check goes stale, so the banner appears without
 * rendering per request.
 */
export { PUBLIC_TAGS };

type Invalidator = (tags: string[]) => void;

/** Tags expired by a job's work, recorded once the job is done (`afterJob`). */
const jobExpiries = new AsyncLocalStorage<Set<string>>();

function nextInvalidator(tags: string[]): void {
  // Only Next.js's server has a cache: scripts (the demo seed) and tests run without one.
  // Next.js sets NEXT_RUNTIME in the code it builds; anywhere else it is unset.
  if (!process.env.NEXT_RUNTIME) return;
  const pending = jobExpiries.getStore();
  if (pending) {
    for (const tag of tags) pending.add(tag);
    return;
  }
  try {
    // Readers must see a publication at once: expire now rather than serve stale while revalidating.
    // In a request Next.js records it when the response is done, after the change's commit.
    for (const tag of tags) revalidateTag(tag, { expire: 0 });
  } catch (error) {
    // Outside any request or job (Next.js refuses: no request to attach it to): straight to the
    // cache, on the next turn, after the caller's transaction.
    if (!(error instanceof Error && /static generation store missing/.test(error.message))) throw error;
    setTimeout(() => void expireInCache(tags), 0);
  }
}

/**
 * Expires `tags` in the process's cache directly, as Next.js does at the end
 * of a request: the same handler (lib/cache-handler.mjs, its state shared by
 * the process), so the response cache in front empties itself and a CDN's
 * purge hook is called as for any change.
 */
async function expireInCache(tags: string[]): Promise<void> {
  try {
    const { default: Handler } = await import("@/lib/cache-handler.mjs");
    await new Handler({}).revalidateTag(tags, { expire: 0 });
  } catch (error) {
    console.error(`Cache: cannot expire ${tags.join(", ")} (${error instanceof Error ? error.message : error})`);
  }
}

/**
 * Runs a job's work (lib/server/job-queue.ts) and then records the public
 * pages it expired: a job runs outside any request, so Next.js cannot attach
 * the expiry to a response, and recording it inside the job's transaction
 * would let a reader's render between the expiry and the commit keep the old
 * page. The expiry is recorded once the work is over, committed or not.
 */
export async function afterJob<T>(work: () => Promise<T>): Promise<T> {
  const pending = new Set<string>();
  try {
    return await jobExpiries.run(pending, work);
  } finally {
    if (pending.size > 0) await expireInCache([...pending]);
  }
}

const state = globalThis as unknown as { __factdeskInvalidator?: Invalidator };

export function invalidatePublic(tags: string[]): void {
  const unique = [...new Set(tags)];
  if (unique.length) (state.__factdeskInvalidator ?? nextInvalidator)(unique);
}

/** Tests observe invalidations through this (null restores the default). */
export function setPublicInvalidator(fn: Invalidator | null): void {
  state.__factdeskInvalidator = fn ?? undefined;
}

const MIN_LIFETIME_S = 60;
/** Also next.config.ts's `expireTime`: a page is never served more than an hour past its lifetime. */
export const MAX_LIFETIME_S = 3600;

/**
 * Seconds from `at` until the first of these instants (ISO) still to come, or
 * MAX_LIFETIME_S when none is: how long a page listing several checks may live
 * before one of them turns stale. Past instants have already had their effect.
 */
export function secondsUntilFirst(instants: readonly (string | null)[], at: Date): number {
  const from = at.getTime();
  let first = Infinity;
  for (const instant of instants) {
    const t = instant ? Date.parse(instant) : NaN;
    if (t > from && t < first) first = t;
  }
  return Number.isFinite(first) ? (first - from) / 1000 : MAX_LIFETIME_S;
}

/**
 * Sets how long the page being rendered may be served from the cache, and the
 * tags that invalidate it. In an ISR render the shortest lifetime of the
 * page's cached calls becomes the page's own (`revalidate`), so calling this
 * with the seconds until the check goes stale ends the page's life then.
 */
export async function cachePageFor({ seconds, tags }: { seconds: number; tags: string[] }): Promise<void> {
  // Whole minutes: fewer distinct cache keys, and a minute late is well within "the same hour".
  const lifetime = Math.max(MIN_LIFETIME_S, Math.min(MAX_LIFETIME_S, Math.floor(seconds / 60) * 60));
  await unstable_cache(async () => lifetime, ["factdesk-page-lifetime", String(lifetime), ...tags], {
    revalidate: lifetime,
    tags: [PUBLIC_TAGS.all, ...tags],
  })();
}
