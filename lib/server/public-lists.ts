import "server-only";
import { unstable_cache } from "next/cache";
import { listFeedEntries, listSitemapEntries } from "./public";
import { PUBLIC_TAGS } from "./public-cache";
import { getSiteSettings } from "./settings";

/**
 * Cached lists for the sitemap and the feed (the home page is a cached page of
 * its own, app/(public)/home): filled at run time (never at build), expired by
 * the tags publishing uses, and at most an hour old.
 */
const options = { tags: [PUBLIC_TAGS.all, PUBLIC_TAGS.lists], revalidate: 3600 };

export const cachedSitemap = unstable_cache(async () => listSitemapEntries(), ["factdesk-public-sitemap"], options);

export const cachedFeed = unstable_cache(
  async () => ({ entries: await listFeedEntries({ limit: 50 }), site: await getSiteSettings() }),
  ["factdesk-public-feed"],
  options,
);

export const cachedSite = unstable_cache(async () => getSiteSettings(), ["factdesk-public-site"], { tags: [PUBLIC_TAGS.all], revalidate: 3600 });
