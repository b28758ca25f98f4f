// @ts-check
/**
 * Headers for shared caches in front of the app (a CDN, nginx): which public
 * pages a response is, by their cache tags.
 *
 * A public page names its tags in its HTML (`<meta name="factdesk-cache-tags">`,
 * written by PublicShell from the tags the page is cached under:
 * lib/server/public-cache.ts), so the tags always describe the body they travel
 * with, whether Next.js rendered it now or served it from its cache. server.mjs
 * already holds a shared page's body until it is complete (to hash its inline
 * scripts: lib/csp.mjs), and sets from it:
 *
 * - `Cache-Tag: public,public:check:…` (Cloudflare, Akamai) and
 *   `Surrogate-Key: public public:check:…` (Fastly), which a purge by tag
 *   (lib/purge-hook.mjs) matches;
 * - on a response a shared cache may keep (`s-maxage`) that names no tags
 *   (the RSC payload of a client navigation, a "not found" page), which no
 *   purge could reach, `CDN-Cache-Control: no-store` and
 *   `Surrogate-Control: no-store`: CDNs do not keep it (nginx's micro-cache,
 *   which keeps pages for a second, reads neither).
 *
 * Plain JavaScript: server.mjs runs without compilation.
 */

export const TAGS_META_NAME = "factdesk-cache-tags";
export const CACHE_TAG_HEADER = "cache-tag";
export const SURROGATE_KEY_HEADER = "surrogate-key";

const META = /<meta\b[^>]*>/gi;
const NAME = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
const CONTENT = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
/** What a tag may be made of (the app's tags: `public`, `public:check:<uuid>`, `public:slug:<slug>`). */
const TAG = /^[a-z0-9:_.%-]{1,200}$/i;

/**
 * The cache tags a page's HTML names, each once, in order; none when it names
 * none. Read as Latin-1 from bytes (the tags are ASCII), like the CSP hashes.
 * @param {string | Buffer} html
 * @returns {string[]}
 */
export function cacheTagsOf(html) {
  const text = typeof html === "string" ? html : html.toString("latin1");
  /** @type {Set<string>} */
  const tags = new Set();
  for (const [tag] of text.matchAll(META)) {
    const name = NAME.exec(tag);
    if ((name?.[1] ?? name?.[2]) !== TAGS_META_NAME) continue;
    const content = CONTENT.exec(tag);
    for (const value of (content?.[1] ?? content?.[2] ?? "").split(/\s+/)) if (TAG.test(value)) tags.add(value);
  }
  return [...tags];
}

/**
 * Sets the headers shared caches act on for a response a shared cache may
 * keep, given the tags of its body (null: a body that is not a page).
 * @param {import("node:http").ServerResponse} res
 * @param {string[] | null} tags
 */
export function markForSharedCaches(res, tags) {
  if (tags && tags.length) {
    res.setHeader(CACHE_TAG_HEADER, tags.join(","));
    res.setHeader(SURROGATE_KEY_HEADER, tags.join(" "));
    return;
  }
  res.setHeader("cdn-cache-control", "no-store");
  res.setHeader("surrogate-control", "no-store");
}
