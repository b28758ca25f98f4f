// @ts-check
/**
 * Next.js sends the `Location` header twice when it answers a redirect it has
 * just rendered for its cache (vercel/next.js#82117): it sets the header while
 * rendering, then appends the cached entry's headers, which hold it again.
 * Browsers follow such an answer, but a proxy or crawler that joins repeated
 * headers reads one invalid address ("/a, /a"). Until Next.js stops doing it,
 * server.mjs creates its responses from this class: appending a `Location`
 * identical to the one already set is skipped. A different value is still
 * appended, and every other header is untouched; other servers of the process
 * keep Node.js's own responses.
 *
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */
import http from "node:http";

/** @template {http.IncomingMessage} [Request=http.IncomingMessage] @extends {http.ServerResponse<Request>} */
export class OneLocationResponse extends http.ServerResponse {
  /** @param {string} name @param {string | readonly string[]} value */
  appendHeader(name, value) {
    if (typeof name === "string" && name.toLowerCase() === "location" && typeof value === "string" && this.getHeader("location") === value) return this;
    return super.appendHeader(name, value);
  }
}
