import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { now } from "@/lib/server/clock";
import { listLatestPublished, type PublicListItem } from "@/lib/server/public";
import { cachePageFor, PUBLIC_TAGS, secondsUntilFirst } from "@/lib/server/public-cache";
import { getSiteSettings, type SiteSettings } from "@/lib/server/settings";
import { HOME_EDITION } from "@/lib/home";


/**
 * The latest published checks for a cached home page: its lifetime ends when
 * the next listed check goes stale (so its "may be outdated" mark shows on the
 * day), and publishing, refreshes and source changes expire it by tag.
 */
export const loadHome = cache(async (edition: string): Promise<{ items: PublicListItem[]; site: SiteSettings }> => {
  if (edition !== HOME_EDITION) notFound();
  const [items, site] = await Promise.all([listLatestPublished({ limit: 30 }), getSiteSettings()]);
  await cachePageFor({ seconds: secondsUntilFirst(items.map((i) => i.staleAt), now()), tags: [PUBLIC_TAGS.lists] });
  return { items, site };
});
