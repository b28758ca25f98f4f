"use client";

import { useCallback, useLayoutEffect, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * What someone typed into the textarea `id` before the page's scripts ran,
 * read while React hydrates it (null if nothing, or outside hydration: a form
 * drawn in the browser). Hydrating a textarea the server drew with a value,
 * React sets its value back to that one (an input's it keeps as typed), and a
 * controlled textarea takes its state's value at its next render: on a slow
 * connection, words typed into a form before then were lost without a sign.
 * (A textarea drawn empty and left uncontrolled keeps them as it is.)
 * Call it before React reaches the textarea: in the component that draws it,
 * or one drawn before it.
 */
export function useTypedBeforeHydration(id: string): string | null {
  // True while the page hydrates (React reads the server's snapshot then), false in the browser's own renders.
  const hydrating = useSyncExternalStore(noSubscription, () => false, () => true);
  const [typed] = useState(() => {
    if (!hydrating || typeof document === "undefined") return null;
    const field = document.getElementById(id);
    return field instanceof HTMLTextAreaElement && field.value !== field.defaultValue ? field.value : null;
  });
  return typed;
}

/**
 * Gives `restore` (a controlled textarea's state setter) what was typed into
 * the textarea `id` before the page's scripts ran, once React has hydrated the
 * page and before it paints. The state must still be the server's while React
 * hydrates: it keeps the server's attributes then, such as a submit button
 * `disabled` for an empty text, whatever the state says.
 */
export function useRestoreTypedBeforeHydration(id: string, restore: (typed: string) => void) {
  const typed = useTypedBeforeHydration(id);
  useLayoutEffect(() => {
    if (typed !== null) restore(typed);
  }, [typed, restore]);
}

/**
 * Keeps what was typed into the uncontrolled textarea `id` before the page's
 * scripts ran: rendered before its textarea, it puts that back into the
 * textarea once React has hydrated it.
 */
export function KeepTypedBeforeHydration({ id }: { id: string }) {
  const restore = useCallback(
    (typed: string) => {
      const field = document.getElementById(id);
      if (field instanceof HTMLTextAreaElement) field.value = typed;
    },
    [id],
  );
  useRestoreTypedBeforeHydration(id, restore);
  return null;
}
