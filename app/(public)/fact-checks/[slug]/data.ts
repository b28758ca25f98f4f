import "server-only";
import { cache } from "react";
import { notFound, permanentRedirect } from "next/navigation";
import { docText } from "@/lib/document";
import { now } from "@/lib/server/clock";
import { getPublishedCheck, type PublishedPage } from "@/lib/server/public";
import { cachePageFor, MAX_LIFETIME_S, MIN_LIFETIME_S, PUBLIC_TAGS } from "@/lib/server/public-cache";

/** One lookup per render, shared by the page and its metadata. */
export const lookup = cache((slug: string, number?: number) => getPublishedCheck({ slug, number }));

/**
 * Loads a published check for a cached page: sets the page's tags and its
 * lifetime (until the check goes stale), then 404s or redirects as needed.
 */
export async function loadForPage(slug: string, number?: number): Promise<PublishedPage> {
  const found = await lookup(slug, number);
  const tags = [PUBLIC_TAGS.slug(slug)];
  if (found.kind === "redirect") {
    // Next.js sends the Location header twice on the response of the render
    // itself (vercel/next.js#82117; once when served from the cache). A shared
    // cache in front may join the two into one invalid address, so such a
    // response must not be kept there long: a minute, after which the cached
    // answer, with one header, replaces it.
    await cachePageFor({ seconds: MIN_LIFETIME_S, tags });
    permanentRedirect(number ? `/fact-checks/${found.slug}/versions/${number}` : `/fact-checks/${found.slug}`);
  }
  if (found.kind !== "page") {
    await cachePageFor({ seconds: MAX_LIFETIME_S, tags });
    notFound();
  }
  const seconds = found.staleAt ? (new Date(found.staleAt).getTime() - now().getTime()) / 1000 : MAX_LIFETIME_S;
  await cachePageFor({ seconds, tags: [...tags, PUBLIC_TAGS.check(found.factCheckId)] });
  return found;
}

export function describe(page: PublishedPage): string {
  const text = docText(page.content.summary).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 197).replace(/\s+\S*$/, "")}…` : text || page.content.question;
}
