/**
 * JSON for a `<script type="application/ld+json">` element: `<` (and the two
 * JavaScript line separators) are escaped, so no stored text can close the
 * element or start markup.
 */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
