/**
 * Cache tags of the public site. Published pages are rendered once and kept in
 * Next's cache; every change that readers must see expires the tags below
 * (lib/server/public-cache.ts), and a CDN in front purges the pages that carry
 * them (the page's `Cache-Tag`, lib/shared-cache-headers.mjs).
 */
export const PUBLIC_TAGS = {
  /** Everything readers see (pages, lists, sitemap, feed). */
  all: "public",
  /** Lists: home, sitemap, feed. */
  lists: "public:lists",
  check: (id: string) => `public:check:${id}`,
  slug: (slug: string) => `public:slug:${slug}`,
} as const;
