"use client";

import { useEffect, useRef, useState } from "react";
import styles from "./editor.module.css";

export const UNDO_MS = 10_000;

/**
 * "Section deleted. Undo" — shown for ten seconds (held while the pointer is
 * over it). Focus moves to Undo so one key press brings the section back.
 */
export function UndoBar({
  message,
  onUndo,
  onExpire,
}: {
  message: string;
  onUndo: () => void;
  /** Called when the bar goes away without undo; `hadFocus` says focus must move elsewhere. */
  onExpire: (hadFocus: boolean) => void;
}) {
  const root = useRef<HTMLDivElement>(null);
  const undoButton = useRef<HTMLButtonElement>(null);
  const [paused, setPaused] = useState(false);
  const onExpireRef = useRef(onExpire);
  useEffect(() => {
    onExpireRef.current = onExpire;
  });

  useEffect(() => {
    undoButton.current?.focus();
  }, []);

  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => {
      onExpireRef.current(!!root.current?.contains(document.activeElement));
    }, UNDO_MS);
    return () => clearTimeout(timer);
  }, [paused]);

  return (
    <div
      ref={root}
      className={styles.undoBar}
      role="group"
      aria-label="Undo"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
    >
      <p className={styles.undoMessage}>{message}</p>
      <button ref={undoButton} type="button" className={`btn btn-small ${styles.undoButton}`} onClick={onUndo}>
        Undo
      </button>
      <button
        type="button"
        className={`btn btn-small btn-ghost ${styles.undoDismiss}`}
        onClick={() => onExpireRef.current(true)}
        aria-label="Dismiss"
      >
        ×
      </button>
    </div>
  );
}
