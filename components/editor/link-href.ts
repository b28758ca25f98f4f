import { isAllowedHref } from "@/lib/rich-doc";

export type LinkHrefResult = { ok: true; href: string } | { ok: false; message: string };

/**
 * Turns what a writer typed into a link target the server accepts, or explains
 * why not. "example.org/page" becomes https://example.org/page and
 * "name@example.org" a mailto: link; any other scheme is refused.
 */
export function normalizeLinkHref(input: string): LinkHrefResult {
  const value = input.trim();
  if (!value) return { ok: false, message: "Enter a web address or an email address." };
  let href = value;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) href = `mailto:${value}`;
    else if (value.startsWith("//")) href = `https:${value}`;
    else if (/^[^\s/]+\.[^\s/]+/.test(value)) href = `https://${value}`;
    else return { ok: false, message: "Enter a full web address, like https://example.org/page." };
  }
  if (!isAllowedHref(href)) {
    return { ok: false, message: "Only web addresses (http:// or https://) and email addresses (mailto:) can be linked." };
  }
  return { ok: true, href };
}
