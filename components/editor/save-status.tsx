"use client";

import type { LiveState } from "./live-check";
import styles from "./editor.module.css";

/**
 * The time of the last save, made when a save is first shown rather than as
 * the module loads: a page's first Intl object sets up the browser's ICU
 * data, some 30–60 ms of the page's one thread on a 2-core machine, which
 * showed as the largest single item in profiles of the editor's opening.
 */
let timeFormat: Intl.DateTimeFormat | null = null;
const formatTime = (at: Date) => (timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" })).format(at);

function describe(state: LiveState): { text: string; tone: "ok" | "busy" | "problem" } {
  if (state.access === "denied") return { text: "You can no longer open this check. Reload to see why.", tone: "problem" };
  if (state.connection === "offline") {
    return { text: "Offline — you can keep typing: your changes are kept in this browser and merge when you are back online.", tone: "problem" };
  }
  if (state.refusal) return { text: `Not saved — ${state.refusal.message}`, tone: "problem" };
  if (state.notStored) return { text: "Not saved — this check cannot be changed now.", tone: "problem" };
  if (state.connection === "connecting") return { text: "Connecting…", tone: "busy" };
  if (state.unsynced > 0 || state.pending) return { text: "Saving…", tone: "busy" };
  if (state.stored) return { text: `Saved at ${formatTime(state.stored.at)}`, tone: "ok" };
  return { text: "All changes saved", tone: "ok" };
}

/**
 * The one place that says whether the writer's text is safe: connected, saved,
 * offline (kept in this browser), or not stored and why. A polite live region;
 * the button sits next to it.
 */
export function SaveStatus({ state, firstField, onShowField }: { state: LiveState; firstField: string | null; onShowField: (fieldKey: string) => void }) {
  const { text, tone } = describe(state);
  return (
    <div className={styles.saveStatus} data-tone={tone}>
      <p role="status" className={styles.saveStatusText}>
        <span className={styles.saveDot} aria-hidden="true" />
        <span>{text}</span>
      </p>
      {state.refusal && firstField ? (
        <div className={styles.saveStatusActions}>
          <button type="button" className="btn btn-small" onClick={() => onShowField(firstField)}>
            Go to the field
          </button>
        </div>
      ) : null}
    </div>
  );
}
