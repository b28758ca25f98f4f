"use client";

import type { Editor } from "@tiptap/core";
import { useLayoutEffect, useRef } from "react";

/**
 * Where a field's editor shows: its editable area, moved into this element.
 *
 * Tiptap's own EditorContent, on mounting, also gives the view its node views
 * again and registers a plugin of its own (for Enter inside React node
 * views). Each of those makes ProseMirror draw the field's whole document
 * once more, and the second rebuilds every plugin view, so the live binding
 * renders the field from the document again: with some 90 fields in a large
 * check, that was about half of the work of opening it. Our fields have no
 * React node views (the citation's is plain DOM, given when the view is
 * made), so none of it is needed here: this only moves the view in, and out
 * again when it unmounts, so that the editor can be shown anew.
 */
export function FieldContent({ editor, className }: { editor: Editor; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    moveView(editor, element);
    return () => moveView(editor, document.createElement("div"));
  }, [editor]);
  return <div ref={ref} className={className} />;
}

/** Moves the editor's view into `element`, which becomes the editor's element. */
function moveView(editor: Editor, element: HTMLElement) {
  if (editor.isDestroyed) return;
  const holder = editor.view.dom.parentNode;
  if (holder && holder !== element) element.append(...holder.childNodes);
  editor.view.updateRoot();
  // Set as is: setOptions would send the editor's props to the view again, for nothing.
  editor.options.element = element;
}
