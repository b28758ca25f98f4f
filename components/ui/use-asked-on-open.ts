"use client";

import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/server/form";

/**
 * What a dialog asks the server for as it is about to open (the pointer or
 * the focus on its button, or the click), rather than have it sent with every
 * page that offers the dialog. `ask` runs once, and again after a failure;
 * `value` is null until the answer arrives, `error` what to say when it could
 * not be had (the action's own message, or `unreachable` when the request
 * itself failed).
 */
export function useAskedOnOpen<T>(ask: () => Promise<ActionResult<T>>, unreachable: string) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asking = useRef(false);
  const load = () => {
    if (value !== null || asking.current) return;
    asking.current = true;
    setError(null);
    ask()
      .then(
        (result) => (result.ok ? setValue(result.value) : setError(result.message)),
        () => setError(unreachable),
      )
      .finally(() => (asking.current = false));
  };
  return { value, error, load };
}
