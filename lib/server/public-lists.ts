import "server-only";
import { unstable_cache } from "next/cache";
import { listLatestPublished, listPublishedForIndex } from "./public";
import { PUBLIC_TAGS } from "./public-cache";
import { getSiteSettings } from "./settings";

/**
 * Cached lists for the home page, the sitemap and the feed: filled at run time
 * (never at build), expired by the tags publishing uses, and at most an hour
 * old so a check's "may be outdated" mark appears within the hour.
 */
const options = { tags: [PUBLIC_TAGS.all, PUBLIC_TAGS.lists], revalidate: 3600 };

export const cachedHome = unstable_cache(
  async () => ({ items: await listLatestPublished({ limit: 30 }), site: await getSiteSettings() }),
  ["factdesk-public-home"],
  options,
);

export const cachedIndex = unstable_cache(
  async () => ({ entries: await listPublishedForIndex(), site: await getSiteSettings() }),
  ["factdesk-public-index"],
  options,
);

export const cachedSite = unstable_cache(async () => getSiteSettings(), ["factdesk-public-site"], { tags: [PUBLIC_TAGS.all], revalidate: 3600 });
