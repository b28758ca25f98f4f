"use client";

import type { EditorView } from "@tiptap/pm/view";
import type { Editor } from "@tiptap/react";
import { memo, useCallback, useMemo, useState } from "react";
import type * as Y from "yjs";
import { useCitationStore } from "./citation-context";
import { factCheckExtensions } from "./extensions";
import type { LiveCheck } from "./live-check";
import { FormattingToolbar } from "./formatting-toolbar";
import { LinkForm } from "./link-form";
import { hasMarkers, MarkerCitations } from "./marker-citations";
import { FieldContent } from "./field-content";
import { RichStandIn } from "./field-stand-in";
import { useMountTurn } from "./mount-queue";
import { useLiveFieldEditor } from "./use-live-field-editor";
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

const MULTILINE = { "aria-multiline": "true" };

/**
 * One Tiptap editor for one rich-text field of the live document. Nothing is
 * lifted into React state on a keystroke: the document is the field's Yjs
 * fragment, which the server stores. The editor is made in its turn, once the
 * field is near the view or focused (mount-queue.tsx); until then the field is
 * its stand-in (field-stand-in.tsx).
 */
export const RichTextField = memo(function RichTextField(props: RichTextFieldProps) {
  const [ready, standIn] = useMountTurn(props.fieldKey);
  if (ready) return <LiveRichTextField {...props} />;
  return (
    <div className={styles.richField} data-invalid={props.invalid || undefined} data-readonly={props.readOnly || undefined}>
      {props.readOnly ? null : (
        // The toolbar's room, so that nothing moves when the editor arrives.
        <div className={styles.toolbar} aria-hidden="true">
          <span className={styles.toolButton} />
        </div>
      )}
      <div className={styles.editorContent}>
        <RichStandIn
          fieldKey={props.fieldKey}
          fragment={props.fragment}
          id={props.id}
          labelledBy={props.labelledBy}
          describedBy={props.describedBy}
          invalid={props.invalid}
          readOnly={props.readOnly ?? false}
          placeholder={props.placeholder}
          className={styles.prose}
          standIn={standIn}
        />
      </div>
    </div>
  );
});

function LiveRichTextField({
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
  const [markers, setMarkers] = useState<{ from: number; to: number } | null>(null);
  // A paste with [1]-style markers, once it is in: the pasted stretch is where the offer looks
  // (it shows only when the check already cites sources: marker-citations.tsx).
  const handlePaste = useCallback((view: EditorView, event: ClipboardEvent) => {
    if (!hasMarkers(event.clipboardData?.getData("text/plain") ?? "")) return false;
    const from = view.state.selection.from;
    setTimeout(() => {
      if (!view.isDestroyed) setMarkers({ from, to: view.state.selection.to });
    });
    return false;
  }, []);

  const citationStore = useCitationStore();
  const extensions = useMemo(() => factCheckExtensions({ placeholder, collaborative: true, citations: citationStore }), [placeholder, citationStore]);
  const handleKeyDown = useCallback((_view: unknown, event: KeyboardEvent) => {
    if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
      event.preventDefault();
      setLinkOpen(true);
      return true;
    }
    return false;
  }, []);
  const editor = useLiveFieldEditor({
    fieldKey,
    fragment,
    live,
    extensions,
    id,
    labelledBy,
    describedBy,
    invalid,
    readOnly,
    className: styles.prose,
    attributes: MULTILINE,
    handleKeyDown,
    handlePaste,
    onEditor,
  });

  return (
    <div className={styles.richField} data-invalid={invalid || undefined} data-readonly={readOnly || undefined}>
      {editor && !readOnly ? (
        <FormattingToolbar editor={editor} label={`${label} formatting`} controls={id} linkOpen={linkOpen} onLink={() => setLinkOpen(true)} />
      ) : null}
      {editor && linkOpen ? <LinkForm editor={editor} onClose={() => setLinkOpen(false)} /> : null}
      {editor ? <FieldContent editor={editor} className={styles.editorContent} /> : <div className={styles.editorContent} aria-hidden="true" />}
      {editor && markers && !readOnly ? <MarkerCitations editor={editor} range={markers} onDone={() => setMarkers(null)} /> : null}
    </div>
  );
}
