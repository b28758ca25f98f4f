/**
 * How an archived copy of a page is served (app/(desk)/sources/[id]/archive):
 * as a document of its own under a policy that lets nothing run or load.
 *
 * - `sandbox` without any `allow-…`: no script runs, no form is sent, no
 *   popup opens, and the document has an opaque origin, so it can neither
 *   read Factdesk's cookies nor call its API as the staff member viewing it;
 * - `default-src 'none'`: no image, stylesheet, font, frame or connection is
 *   requested, from the original site or anywhere (inline styles and `data:`
 *   images still show); `base-uri 'none'`, `form-action 'none'`, and no framing;
 * - what a policy does not cover is taken out of the HTML: `<meta http-equiv>`
 *   (a refresh would navigate to the original site), `<link>` (DNS prefetch
 *   and preconnect are outside CSP), and `<base>`.
 * A banner at the top says what this is, and when it was kept.
 */
export const ARCHIVE_POLICY = [
  "sandbox",
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "font-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The kept HTML with what a policy cannot stop removed, and the banner after `<body>` (or first). */
export function sandboxedArchive(html: string, { label, url, truncated }: { label: string; url: string; truncated: boolean }): string {
  const cleaned = html
    .replace(/<meta\b[^>]*\bhttp-equiv\b[^>]*>/gi, "")
    .replace(/<link\b[^>]*>/gi, "")
    .replace(/<base\b[^>]*>/gi, "");
  const banner =
    `<div role="note" style="all:initial;display:block;box-sizing:border-box;width:100%;padding:8px 12px;background:#fff4ce;color:#222;border-bottom:1px solid #c8a600;font:14px/1.4 system-ui,sans-serif">` +
    `<strong>${escapeHtml(label)}</strong> of ${escapeHtml(url)}, kept by Factdesk for its staff. ` +
    `Scripts are off and nothing is loaded from the original site${truncated ? "; the page was longer than the size kept, so its end is missing" : ""}.</div>`;
  const body = /<body\b[^>]*>/i.exec(cleaned);
  if (body) return `${cleaned.slice(0, body.index + body[0].length)}${banner}${cleaned.slice(body.index + body[0].length)}`;
  return `<!doctype html><meta charset="utf-8">${banner}${cleaned}`;
}

/** The page served instead of a copy that cannot be shown (missing from its store, or the store unreachable). */
export function archiveProblemPage({ title, body, back }: { title: string; body: string; back: string }): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222">` +
    `<h1 style="font-size:1.4em">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>` +
    `<p><a href="${escapeHtml(back)}">Back to the source</a></p></body></html>`
  );
}
