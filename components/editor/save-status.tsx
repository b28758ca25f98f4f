"use client";

import { useEffect, useState } from "react";
import type { SaveStatus as Status } from "./use-autosave";
import styles from "./editor.module.css";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

function describe(status: Status): string {
  switch (status.kind) {
    case "idle":
      return "All changes saved";
    case "pending":
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${timeFormat.format(status.at)}`;
    case "error":
      return `Not saved — ${status.message}. Your changes are kept in this browser.`;
    case "invalid":
      return `Not saved — ${status.message}`;
    case "conflict":
      return "Not saved — this check was changed in another tab or by someone else.";
    case "blocked":
      return `Not saved — ${status.message.charAt(0).toLowerCase()}${status.message.slice(1)}`;
  }
}

/** Seconds until the next automatic retry; shown, not announced. */
function useCountdown(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * The one place that says whether the writer's text is safe. The sentence is a
 * polite live region; the buttons sit next to it, outside the region.
 */
export function SaveStatus({
  status,
  onRetry,
  onShowField,
}: {
  status: Status;
  onRetry: () => void;
  onShowField: (fieldKey: string) => void;
}) {
  const seconds = useCountdown(status.kind === "error" ? status.retryAt : null);
  const tone =
    status.kind === "saved" || status.kind === "idle"
      ? "ok"
      : status.kind === "pending" || status.kind === "saving"
        ? "busy"
        : "problem";
  return (
    <div className={styles.saveStatus} data-tone={tone}>
      <p role="status" className={styles.saveStatusText}>
        <span className={styles.saveDot} aria-hidden="true" />
        <span>{describe(status)}</span>
      </p>
      {status.kind === "error" || (status.kind === "blocked" && status.canRetry) ? (
        <div className={styles.saveStatusActions}>
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Retry
          </button>
          {seconds !== null && seconds > 0 ? (
            <span className={styles.hint} aria-hidden="true">
              Trying again in {seconds} s
            </span>
          ) : null}
        </div>
      ) : null}
      {status.kind === "invalid" && status.firstField ? (
        <div className={styles.saveStatusActions}>
          <button type="button" className="btn btn-small" onClick={() => onShowField(status.firstField!)}>
            Go to the field
          </button>
        </div>
      ) : null}
    </div>
  );
}
