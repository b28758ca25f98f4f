"use client";

import type { Editor } from "@tiptap/react";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { normalizeLinkHref } from "./link-href";
import styles from "./editor.module.css";

/**
 * Asks for a link target for the selection (or inserts the address as linked
 * text when nothing is selected). Refuses anything but http(s) and mailto.
 */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const existing = (editor.getAttributes("link").href as string | undefined) ?? "";
  const [value, setValue] = useState(existing);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const result = normalizeLinkHref(value);
    if (!result.ok) {
      setError(result.message);
      input.current?.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive("link")) {
      editor
        .chain()
        .focus()
        .insertContent({ type: "text", text: value.trim(), marks: [{ type: "link", attrs: { href: result.href } }] })
        .unsetMark("link")
        .run();
    } else {
      editor.chain().focus().extendMarkRange("link").setLink({ href: result.href }).run();
    }
    onClose();
  };

  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  };

  return (
    <form className={styles.linkForm} onSubmit={apply} onKeyDown={onKeyDown} noValidate>
      <label htmlFor={inputId} className={styles.linkLabel}>
        Link address
      </label>
      <input
        ref={input}
        id={inputId}
        className={styles.linkInput}
        type="text"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder="https://…"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
      />
      <div className={styles.linkActions}>
        <button type="submit" className="btn btn-small btn-primary">
          Apply link
        </button>
        {existing ? (
          <button type="button" className="btn btn-small" onClick={remove}>
            Remove link
          </button>
        ) : null}
        <button type="button" className="btn btn-small btn-ghost" onClick={close}>
          Cancel
        </button>
      </div>
      {error ? (
        <p id={errorId} className={styles.fieldError} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
