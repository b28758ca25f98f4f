"use client";

import { Placeholder } from "@tiptap/extensions";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { memo, useEffect, useMemo } from "react";
import type * as Y from "yjs";
import { plainTextExtensions } from "@/lib/rich-text-schema";
import type { LiveCheck } from "./live-check";
import { liveFieldExtensions } from "./live-extensions";
import styles from "./editor.module.css";

/**
 * One line of plain text of the live document (the question, the topic, a
 * heading, a related question): a Tiptap editor on the field's fragment, so
 * that people see each other's carets in it as in the rich-text fields.
 * Enter does nothing; pasted line breaks become spaces when stored.
 */
export const PlainTextField = memo(function PlainTextField({
  fieldKey,
  id,
  labelledBy,
  describedBy,
  invalid,
  fragment,
  live,
  placeholder,
  readOnly = false,
  className,
  onEditor,
}: {
  fieldKey: string;
  id: string;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  fragment: Y.XmlFragment;
  live: LiveCheck;
  placeholder?: string;
  readOnly?: boolean;
  className?: string;
  onEditor: (fieldKey: string, editor: Editor | null) => void;
}) {
  const extensions = useMemo(
    () => [
      ...plainTextExtensions(),
      ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
      ...liveFieldExtensions({ live, fragment, fieldKey }),
    ],
    [placeholder, live, fragment, fieldKey],
  );
  const editorProps = useMemo(
    () => ({
      attributes: {
        id,
        role: "textbox",
        "aria-labelledby": labelledBy,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(readOnly ? { "aria-readonly": "true" } : {}),
        class: `${styles.plainText} ${className ?? ""}`,
        spellcheck: "true",
      },
      handleKeyDown: (_view: unknown, event: KeyboardEvent) => event.key === "Enter",
    }),
    [id, labelledBy, describedBy, invalid, readOnly, className],
  );
  const editor = useEditor(
    // Base styles from ./prosemirror.css (rich-text-field.tsx): an injected <style> is refused by the Content-Security-Policy.
    { extensions, editable: !readOnly, immediatelyRender: false, injectCSS: false, shouldRerenderOnTransaction: false, editorProps },
    [extensions],
  );

  useEffect(() => {
    if (!editor) return;
    onEditor(fieldKey, editor);
    return () => onEditor(fieldKey, null);
  }, [editor, fieldKey, onEditor]);

  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly, false);
  }, [editor, readOnly]);

  return editor ? (
    <EditorContent editor={editor} className={styles.plainTextField} />
  ) : (
    <div className={`${styles.plainTextField} ${styles.plainText} ${className ?? ""}`} aria-hidden="true" />
  );
});
