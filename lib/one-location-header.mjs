// @ts-check
/**
 * Next.js sends the `Location` header twice when it answers a redirect it has
 * just rendered for its cache (vercel/next.js#82117): it sets the header while
 * rendering, then appends the cached entry's headers, which hold it again.
 * Browsers follow such an answer, but a proxy or crawler that joins repeated
 * headers reads one invalid address ("/a, /a"). Until Next.js stops doing it,
 * server.mjs hands Next.js each response through `keepOneLocationHeader`:
 * appending a `Location` identical to the one already set is skipped on that
 * response. A different value is still appended, and every other header is
 * untouched; no other response, and no other server in the process, is changed.
 *
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */

/**
 * @template {import("node:http").ServerResponse} R
 * @param {R} res
 * @returns {R}
 */
export function keepOneLocationHeader(res) {
  const append = res.appendHeader;
  res.appendHeader = function appendHeader(name, value) {
    if (typeof name === "string" && name.toLowerCase() === "location" && typeof value === "string" && this.getHeader("location") === value) return this;
    return append.call(this, name, value);
  };
  return res;
}
