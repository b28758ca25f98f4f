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
