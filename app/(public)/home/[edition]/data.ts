import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { now } from "@/lib/server/clock";
import { listLatestPublished, type PublicListItem } from "@/lib/server/public";
import { cachePageFor, PUBLIC_TAGS, secondsUntilFirst } from "@/lib/server/public-cache";
import { getSiteSettings, type SiteSettings } from "@/lib/server/settings";
import { HOME_EDITION } from "@/lib/home";

/**
 * The longest the home page lives, in seconds. Tags expire it here at once; this
 * bounds what a shared cache (CDN) in front may keep, which no tag reaches: a
 * new publication is on its home page within a minute. Costs a render a minute.
 */
const HOME_MAX_LIFETIME_S = 60;

/**
 * The latest published checks for a cached home page: its lifetime ends when
 * the next listed check goes stale (so its "may be outdated" mark shows on the
 * day), or after a minute, and publishing, refreshes and source changes expire
 * it by tag.
 */
export const loadHome = cache(async (edition: string): Promise<{ items: PublicListItem[]; site: SiteSettings }> => {
  if (edition !== HOME_EDITION) notFound();
  const [items, site] = await Promise.all([listLatestPublished({ limit: 30 }), getSiteSettings()]);
  const seconds = Math.min(HOME_MAX_LIFETIME_S, secondsUntilFirst(items.map((i) => i.staleAt), now()));
  await cachePageFor({ seconds, tags: [PUBLIC_TAGS.lists] });
  return { items, site };
});
