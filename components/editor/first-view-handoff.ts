/**
 * The first view (first-view.tsx) handed from the page's server render to the
 * render of its HTML, in the same process, rather than sent in the page's
 * payload.
 *
 * The browser never renders the first view: it keeps the server's drawing as
 * it is (fact-check-editor.tsx, `DrawnFirstView`) until the engine's fields
 * take its place. Given to the editor as a prop, its elements went into the
 * page's payload all the same, to be read and kept by the browser for
 * nothing: 446 KB of the 677 KB page of a check of 40 sections. The page now
 * gives the editor a token, and the HTML's render takes the elements by it.
 *
 * The elements hold only the page's own elements and components without
 * hooks or client code, which either render draws alike. Taken once; one
 * never taken (its render failed) is let go after a minute.
 */
import type { ReactNode } from "react";

/**
 * The id of the first view's data block (`<script type="application/octet-stream">`,
 * first-view.tsx): the stored live state the editor opens on, as base64. In
 * the HTML, beside the first view, rather than in the page's payload: there
 * the browser read it as part of the payload's JSON, copied it through its
 * decoders and parsed it, one task of some 20 ms for a check of 40 sections
 * (its 136 KB of base64); a data block is only text the HTML parser passes by.
 */
export const OPENING_STATE_ID = "first-view-state";

/** The live state drawn in the first view's data block, as base64; null if the page has none (or it is gone). */
export function drawnOpeningState(): string | null {
  if (typeof document === "undefined") return null;
  const block = document.getElementById(OPENING_STATE_ID);
  return block?.textContent || null;
}

const KEPT_MS = 60_000;
const STORE = Symbol.for("factdesk.firstViews");

type Kept = { view: ReactNode; timer: ReturnType<typeof setTimeout> };

function kept(): Map<string, Kept> {
  const global = globalThis as typeof globalThis & { [STORE]?: Map<string, Kept> };
  return (global[STORE] ??= new Map());
}

/** Keeps `view` for the render of this page's HTML: the token to take it by. */
export function handFirstView(view: ReactNode): string {
  const token = crypto.randomUUID();
  const timer = setTimeout(() => kept().delete(token), KEPT_MS);
  (timer as { unref?: () => void }).unref?.();
  kept().set(token, { view, timer });
  return token;
}

/** The view kept under `token`, once; null if there is none (taken already, let go, or another process's). */
export function takeFirstView(token: string): ReactNode | null {
  const entry = kept().get(token);
  if (!entry) return null;
  kept().delete(token);
  clearTimeout(entry.timer);
  return entry.view;
}
