"use client";

import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type * as Y from "yjs";
import { factCheckExtensions } from "./extensions";
import type { LiveCheck } from "./live-check";
import { liveFieldExtensions } from "./live-extensions";
import { FormattingToolbar } from "./formatting-toolbar";
import { LinkForm } from "./link-form";
import styles from "./editor.module.css";
import "./prosemirror.css";

export type RichTextFieldProps = {
  /** Stable key of this field (e.g. "summary", "section:<id>:body"). */
  fieldKey: string;
  /** DOM id of the editable area. */
  id: string;
  /** Accessible name, used for the toolbar ("Section 2 body formatting"). */
  label: string;
  /** Id of the element whose text names the editable area. */
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  /** The field's fragment of the check's live document, and the document's connection. */
  fragment: Y.XmlFragment;
  live: LiveCheck;
  placeholder?: string;
  readOnly?: boolean;
  /** Registers the editor (citation numbers, focus). */
  onEditor: (fieldKey: string, editor: Editor | null) => void;
};

/**
 * One Tiptap editor for one rich-text field of the live document. Nothing is
 * lifted into React state on a keystroke: the document is the field's Yjs
 * fragment, which the server stores.
 */
export const RichTextField = memo(function RichTextField({
  fieldKey,
  id,
  label,
  labelledBy,
  describedBy,
  invalid,
  fragment,
  live,
  placeholder,
  readOnly = false,
  onEditor,
}: RichTextFieldProps) {
  const [linkOpen, setLinkOpen] = useState(false);
  const openLink = useRef(() => setLinkOpen(true));

  const extensions = useMemo(
    () => [...factCheckExtensions({ placeholder, collaborative: true }), ...liveFieldExtensions({ live, fragment, fieldKey })],
    [placeholder, live, fragment, fieldKey],
  );
  // Tiptap compares these by reference on every render and applies changes
  // with setOptions, so the ARIA attributes follow renumbering and errors.
  const editorProps = useMemo(
    () => ({
      attributes: {
        id,
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelledBy,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(readOnly ? { "aria-readonly": "true" } : {}),
        class: styles.prose,
        spellcheck: "true",
      },
      handleKeyDown: (_view: unknown, event: KeyboardEvent) => {
        if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
          event.preventDefault();
          openLink.current();
          return true;
        }
        return false;
      },
    }),
    [id, labelledBy, describedBy, invalid, readOnly],
  );

  const editor = useEditor(
    {
      extensions,
      editable: !readOnly,
      immediatelyRender: false,
      // Its base styles come from ./prosemirror.css: an injected <style> is refused by the Content-Security-Policy.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      editorProps,
    },
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

  return (
    <div className={styles.richField} data-invalid={invalid || undefined} data-readonly={readOnly || undefined}>
      {editor && !readOnly ? (
        <FormattingToolbar editor={editor} label={`${label} formatting`} controls={id} linkOpen={linkOpen} onLink={() => setLinkOpen(true)} />
      ) : null}
      {editor && linkOpen ? <LinkForm editor={editor} onClose={() => setLinkOpen(false)} /> : null}
      {editor ? (
        <EditorContent editor={editor} className={styles.editorContent} />
      ) : (
        // Same footprint as the editor until it mounts, so the page does not jump.
        <div className={`${styles.editorContent} ${styles.prose} ${styles.editorLoading}`} aria-hidden="true" />
      )}
    </div>
  );
});
