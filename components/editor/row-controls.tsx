"use client";

import type { KeyboardEvent } from "react";
import { ArrowDownIcon, ArrowUpIcon, TrashIcon } from "./icons";
import styles from "./editor.module.css";

/**
 * Move up, move down and delete for one row of a list of the check (a
 * section, a related question). The buttons name the row by its position
 * ("Move section 2 up"); the end a row cannot move past is aria-disabled, so
 * focus stays on the button when the row reaches it.
 */
export function RowControls({
  noun,
  position,
  isLast,
  deleteVerb,
  className,
  onMove,
  onDelete,
}: {
  /** What a row is, in the buttons' names: "section", "related question". */
  noun: string;
  position: number;
  isLast: boolean;
  deleteVerb: "Delete" | "Remove";
  className: string;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
}) {
  const isFirst = position === 1;
  return (
    <div className={className}>
      <button
        type="button"
        className={styles.iconButton}
        aria-label={`Move ${noun} ${position} up`}
        title="Move up (Alt+Shift+↑)"
        aria-keyshortcuts="Alt+Shift+ArrowUp"
        aria-disabled={isFirst || undefined}
        data-move="up"
        onClick={() => !isFirst && onMove(-1)}
      >
        <ArrowUpIcon />
      </button>
      <button
        type="button"
        className={styles.iconButton}
        aria-label={`Move ${noun} ${position} down`}
        title="Move down (Alt+Shift+↓)"
        aria-keyshortcuts="Alt+Shift+ArrowDown"
        aria-disabled={isLast || undefined}
        data-move="down"
        onClick={() => !isLast && onMove(1)}
      >
        <ArrowDownIcon />
      </button>
      <button
        type="button"
        className={`${styles.iconButton} ${styles.iconButtonDanger}`}
        aria-label={`${deleteVerb} ${noun} ${position}`}
        title={`${deleteVerb} ${noun}`}
        onClick={onDelete}
      >
        <TrashIcon />
      </button>
    </div>
  );
}

/** Alt+Shift+↑/↓ anywhere inside a row moves it (the handler for the row's element). */
export function moveKeys(readOnly: boolean, onMove: (delta: -1 | 1) => void) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (readOnly || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      onMove(event.key === "ArrowUp" ? -1 : 1);
    }
  };
}
