import "server-only";
import { cache } from "react";
import { notFound, permanentRedirect } from "next/navigation";
import { docText } from "@/lib/document";
import { now } from "@/lib/server/clock";
import { getPublishedCheck, type PublishedPage } from "@/lib/server/public";
import { cachePageFor, MAX_LIFETIME_S, PUBLIC_TAGS } from "@/lib/server/public-cache";

/** One lookup per render, shared by the page and its metadata. */
export const lookup = cache((slug: string, number?: number) => getPublishedCheck({ slug, number }));

/** The tags a published check's page is cached under (besides `public`), which PublicShell names for a CDN. */
export function checkPageTags(slug: string, factCheckId: string): string[] {
  return [PUBLIC_TAGS.slug(slug), PUBLIC_TAGS.check(factCheckId)];
}

/**
 * Loads a published check for a cached page: sets the page's tags and its
 * lifetime (until the check goes stale), then 404s or redirects as needed.
 */
export async function loadForPage(slug: string, number?: number): Promise<PublishedPage> {
  const found = await lookup(slug, number);
  if (found.kind !== "page") {
    await cachePageFor({ seconds: MAX_LIFETIME_S, tags: [PUBLIC_TAGS.slug(slug)] });
    if (found.kind === "redirect") permanentRedirect(number ? `/fact-checks/${found.slug}/versions/${number}` : `/fact-checks/${found.slug}`);
    notFound();
  }
  // Until the banner changes: it appears, or a later rule adds its reason (the hour at most).
  const seconds = found.bannerChangesAt ? (new Date(found.bannerChangesAt).getTime() - now().getTime()) / 1000 : MAX_LIFETIME_S;
  await cachePageFor({ seconds, tags: checkPageTags(slug, found.factCheckId) });
  return found;
}

export function describe(page: PublishedPage): string {
  const text = docText(page.content.summary).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 197).replace(/\s+\S*$/, "")}…` : text || page.content.question;
}
