"use client";

import type { Extensions } from "@tiptap/core";
import type { EditorView } from "@tiptap/pm/view";
import { useEditor, type Editor } from "@tiptap/react";
import { useEffect, useMemo } from "react";
import type * as Y from "yjs";
import type { LiveCheck } from "./live-check";
import { liveFieldExtensions } from "./live-extensions";

const EMPTY_DOC = { type: "doc", content: [{ type: "paragraph" }] };
/** Tiptap's own extensions the fields leave out (see below). */
export const UNUSED_CORE_EXTENSIONS = { delete: false, drop: false, paste: false, textDirection: false } as const;

export type LiveFieldOptions = {
  /** Stable key of the field (field-keys.ts). */
  fieldKey: string;
  /** The field's fragment of the check's live document, and the document's connection. */
  fragment: Y.XmlFragment;
  live: LiveCheck;
  /** What the field may hold (plain text or rich text), memoized by the caller. */
  extensions: Extensions;
  /** The editable area's id and ARIA terms; `className` styles it. */
  id: string;
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  readOnly: boolean;
  className: string;
  /** Extra attributes of the editable area (e.g. `aria-multiline`). */
  attributes?: Record<string, string>;
  handleKeyDown?: (view: EditorView, event: KeyboardEvent) => boolean;
  handlePaste?: (view: EditorView, event: ClipboardEvent) => boolean;
  handleTextInput?: (view: EditorView, from: number, to: number, text: string) => boolean;
  /** Registers the editor (citation numbers, focus). */
  onEditor: (fieldKey: string, editor: Editor | null) => void;
};

/**
 * One Tiptap editor bound to one field of the live document: the field's own
 * extensions plus the live ones (its fragment, the check's undo history,
 * carets, presence), its ARIA terms kept in step with errors and renumbering,
 * registered with the workspace, and editable exactly when the check is.
 * Nothing is lifted into React state on a keystroke.
 */
export function useLiveFieldEditor({
  fieldKey,
  fragment,
  live,
  extensions: base,
  id,
  labelledBy,
  describedBy,
  invalid,
  readOnly,
  className,
  attributes,
  handleKeyDown,
  handlePaste,
  handleTextInput,
  onEditor,
}: LiveFieldOptions): Editor | null {
  const extensions = useMemo(() => [...base, ...liveFieldExtensions({ live, fragment, fieldKey })], [base, live, fragment, fieldKey]);
  const editorProps = useMemo(
    () => ({
      attributes: {
        id,
        role: "textbox",
        "aria-labelledby": labelledBy,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(readOnly ? { "aria-readonly": "true" } : {}),
        ...attributes,
        class: className,
        spellcheck: "true",
      },
      handleKeyDown,
      handlePaste,
      handleTextInput,
    }),
    [id, labelledBy, describedBy, invalid, readOnly, attributes, className, handleKeyDown, handlePaste, handleTextInput],
  );
  const editor = useEditor(
    {
      extensions,
      // What the live binding replaces with the field's own document as the view is made. As JSON, not
      // Tiptap's default (""), which it would parse as HTML, with a DOMParser per field.
      content: EMPTY_DOC,
      editable: !readOnly,
      // Made in the render that shows it: the editor is rendered in the browser only (never on the
      // server, so there is nothing to hydrate), in its turn of the opening's batches (mount-queue.tsx).
      immediatelyRender: true,
      // Base styles come from ./prosemirror.css: an injected <style> is refused by the Content-Security-Policy.
      injectCSS: false,
      shouldRerenderOnTransaction: false,
      // Tiptap's own extensions that only tell listeners of pastes, drops and deletions (nothing here
      // listens: each field's own handlers do that work), and set a text direction (none is set): left
      // out, they are not made for each of a check's 80-odd editors, nor is every change scanned for
      // what it deleted.
      enableCoreExtensions: UNUSED_CORE_EXTENSIONS,
      editorProps,
    },
    [extensions],
  );

  // useEditor applies its options only when the editor is made: later ones
  // (ARIA terms after renumbering or an error, handlers that read new state) are set here.
  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.options.editorProps !== editorProps) editor.setOptions({ editorProps });
  }, [editor, editorProps]);

  useEffect(() => {
    if (!editor) return;
    onEditor(fieldKey, editor);
    return () => onEditor(fieldKey, null);
  }, [editor, fieldKey, onEditor]);

  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly, false);
  }, [editor, readOnly]);

  return editor;
}
