"use client";

import { useLayoutEffect, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * Keeps what was typed into the textarea `id` before the page's scripts ran.
 * Hydrating a textarea, React sets its value back to the one the server drew
 * (an input's it keeps as typed): on a slow connection, the words typed into a
 * form before then were lost without a sign. Rendered before its textarea,
 * this reads what the textarea holds before React hydrates it, and puts that
 * back once it has. Outside hydration (a form drawn in the browser) it does
 * nothing.
 */
export function KeepTypedBeforeHydration({ id }: { id: string }) {
  // True while the page hydrates (React reads the server's snapshot then), false in the browser's own renders.
  const hydrating = useSyncExternalStore(noSubscription, () => false, () => true);
  const [typed] = useState(() => {
    if (!hydrating || typeof document === "undefined") return null;
    const field = document.getElementById(id);
    return field instanceof HTMLTextAreaElement && field.value !== field.defaultValue ? field.value : null;
  });
  useLayoutEffect(() => {
    const field = document.getElementById(id);
    if (typed !== null && field instanceof HTMLTextAreaElement) field.value = typed;
  }, [id, typed]);
  return null;
}
