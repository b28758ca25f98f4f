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
  // On the button that opens the dialog: the answer is usually there by the click.
  const askOn = { onPointerEnter: load, onFocus: load };
  return { value, error, load, askOn };
}

/** What a dialog says when what it asked for could not be had, with a way to ask again. */
export function AskFailed({ message, onRetry, className }: { message: string; onRetry: () => void; className?: string }) {
  return (
    <p className={className} role="alert">
      {message}{" "}
      <button type="button" className="btn btn-small" onClick={onRetry}>
        Try again
      </button>
    </p>
  );
}
