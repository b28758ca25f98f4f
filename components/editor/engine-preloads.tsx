"use client";

/**
 * The editing engine's files (lib/engine-chunks.mjs), named in the head of the
 * editor page's HTML so that the browser fetches them with the page's own
 * scripts rather than once those run and ask for them.
 *
 * Drawn by a client component, so that they are elements of the HTML's render
 * only, which React puts in the document's head. The page's own `preload()`
 * calls, or `<link>`s drawn by the page itself, travel as hints of its
 * payload, which the HTML's render received too late for the head on a
 * session's first page (the engine was then fetched only once the page's
 * scripts ran), and otherwise put in the head twice.
 */
export function EnginePreloads({ hrefs, nonce }: { hrefs: readonly string[]; nonce?: string }) {
  return hrefs.map((href) => <link key={href} rel="preload" href={href} as={href.endsWith(".css") ? "style" : "script"} fetchPriority="low" nonce={nonce} />);
}
