/**
 * Next.js sends the `Location` header twice when it answers a redirect it has
 * just rendered for its cache (vercel/next.js#82117): it sets the header while
 * rendering, then appends the cached entry's headers, which hold it again.
 * Browsers follow such an answer, but a proxy or crawler that joins repeated
 * headers reads one invalid address ("/a, /a"). Until Next.js stops doing it,
 * appending a `Location` identical to the one already set is skipped here,
 * process-wide (instrumentation.ts). A different value is still appended, and
 * every other header is untouched.
 */
import { ServerResponse } from "node:http";

const PATCHED = Symbol.for("factdesk.oneLocationHeader");

type Appendable = { appendHeader(name: string, value: string | readonly string[]): unknown; getHeader(name: string): unknown };

export function keepOneLocationHeader(prototype: Appendable = ServerResponse.prototype): void {
  const target = prototype as Appendable & { [PATCHED]?: true };
  if (target[PATCHED]) return;
  const append = target.appendHeader;
  target.appendHeader = function appendHeader(this: Appendable, name: string, value: string | readonly string[]) {
    if (typeof name === "string" && name.toLowerCase() === "location" && typeof value === "string" && this.getHeader("location") === value) return this;
    return append.call(this, name, value);
  };
  target[PATCHED] = true;
}
