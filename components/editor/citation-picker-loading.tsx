"use client";

import type { Editor } from "@tiptap/react";
import { type ReactNode, type RefObject, useId, useLayoutEffect, useRef, useState } from "react";
import styles from "./citation.module.css";

/** What was typed into the search box while the picker's code loaded: the picker starts with it. */
let typedWhileLoading = "";

export function takeTypedQuery(): string {
  const query = typedWhileLoading;
  typedWhileLoading = "";
  return query;
}

/**
 * The Cite picker's frame while its code loads, the first time it is asked
 * for (citation-picker.tsx loads on first use): the same modal dialog with
 * its search box, which has the focus at once, so that keys typed right after
 * the shortcut land in the search, never in the document. The picker takes
 * over the dialog, and what was typed, as soon as it is there.
 */
export function CitationPickerLoading({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), search: useId(), status: useId() };
  const [query, setQuery] = useState("");

  useLayoutEffect(() => {
    typedWhileLoading = "";
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    search.current?.focus();
  }, []);

  const close = () => {
    typedWhileLoading = "";
    dialog.current?.close();
    onClose();
    editor.commands.focus();
    requestAnimationFrame(() => {
      if (!editor.isDestroyed) editor.view.focus();
    });
  };

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={ids.title}
      aria-modal="true"
      aria-busy="true"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !event.nativeEvent.isComposing) {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className={styles.dialogInner}>
        <div className={styles.dialogHeader}>
          <h2 id={ids.title}>Cite a source</h2>
        </div>
        <div className={styles.dialogBody}>
          <PickerSearch
            inputRef={search}
            ids={ids}
            query={query}
            onQuery={(text) => {
              typedWhileLoading = text;
              setQuery(text);
            }}
            status="Opening the library…"
          />
        </div>
        <div className={styles.dialogFooter}>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
        </div>
      </div>
    </dialog>
  );
}

/** The picker's search box and its status line: the same in the frame above and in the picker. */
export function PickerSearch({
  inputRef,
  ids,
  query,
  onQuery,
  status,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  ids: { search: string; status: string };
  query: string;
  onQuery: (query: string) => void;
  status: ReactNode;
}) {
  return (
    <div className={styles.searchRow}>
      <div className={`field ${styles.searchField}`}>
        <label htmlFor={ids.search}>Search the library</label>
        <input
          ref={inputRef}
          id={ids.search}
          type="search"
          value={query}
          autoComplete="off"
          spellCheck={false}
          placeholder="Title, publisher, URL or notes"
          aria-describedby={ids.status}
          onChange={(event) => onQuery(event.target.value)}
        />
      </div>
      <p id={ids.status} className={styles.status} role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
