"use client";

import { useEffect, useId, useRef, useState } from "react";
import styles from "./editor.module.css";

/**
 * Shown when a save was refused because the check changed elsewhere (or when
 * edits kept in this browser started from an older version). Nothing is
 * overwritten: the writer reloads the latest version, after copying their text
 * if they want it.
 */
export function ConflictDialog({
  getUnsavedText,
  onDiscardAndReload,
}: {
  /** The writer's unsaved text, read when they ask to copy it. */
  getUnsavedText: () => string;
  onDiscardAndReload: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const textId = useId();
  const [confirming, setConfirming] = useState(false);
  const [unsavedText, setUnsavedText] = useState<string | null>(null);
  const showText = unsavedText !== null;
  const [copyResult, setCopyResult] = useState<"copied" | "failed" | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  useEffect(() => {
    if (showText) {
      textArea.current?.focus();
      textArea.current?.select();
    }
  }, [showText]);

  const copy = async () => {
    const text = getUnsavedText();
    setUnsavedText(text);
    try {
      await navigator.clipboard.writeText(text);
      setCopyResult("copied");
    } catch {
      setCopyResult("failed");
    }
  };

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      // A choice is required: Escape must not leave the writer editing a copy that cannot be saved.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={titleId} className={styles.dialogTitle}>
        This check was changed in another tab or by someone else
      </h2>
      <p id={descriptionId}>
        Your latest changes were not saved, so nothing was overwritten. Load the latest version to keep working. Copy
        your unsaved text first if you want to add it back by hand.
      </p>

      {confirming ? (
        <div className={styles.confirmBox} role="group" aria-label="Confirm reload">
          <p>
            <strong>Discard your unsaved changes in this tab and load the latest version?</strong>
          </p>
          <div className={styles.dialogActions}>
            <button type="button" className="btn btn-danger" onClick={onDiscardAndReload} autoFocus>
              Discard my changes and reload
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Go back
            </button>
          </div>
        </div>
      ) : (
        <div className={styles.dialogActions}>
          <button type="button" className="btn btn-primary" onClick={copy}>
            Copy my unsaved text
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(true)}>
            Reload latest version
          </button>
        </div>
      )}

      {showText ? (
        <div className={styles.unsavedText}>
          <p className={styles.copyResult} role="status">
            {copyResult === "copied"
              ? "Copied to the clipboard. It is also below."
              : copyResult === "failed"
                ? "Could not copy automatically. Select the text below and copy it."
                : ""}
          </p>
          <label htmlFor={textId} className={styles.label}>
            Your unsaved text
          </label>
          <textarea ref={textArea} id={textId} readOnly value={unsavedText ?? ""} rows={10} className={styles.unsavedTextArea} />
        </div>
      ) : null}
    </dialog>
  );
}
