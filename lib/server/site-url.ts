import "server-only";

/**
 * The public origin used in absolute links (sitemap, feed, Open Graph, JSON-LD):
 * FACTDESK_PUBLIC_URL, else http://localhost:PORT.
 */
export function publicBaseUrl(): string {
  const configured = process.env.FACTDESK_PUBLIC_URL?.trim();
  const base = configured || `http://localhost:${process.env.PORT || "3000"}`;
  return base.replace(/\/+$/, "");
}

export function absoluteUrl(path: string): string {
  return `${publicBaseUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}
