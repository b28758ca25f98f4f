/**
 * The first input (first-input.ts) handed to its field's editor once it is
 * made: part of the editing engine, which alone loads ProseMirror.
 *
 * The caret is placed by a transaction and the view focused at once, not with
 * Tiptap's `focus` command: that one focuses the view again in the next
 * frame, writing the editor's selection back into the page's. A key that
 * moved the caret natively in between (Ctrl+End pressed right after the
 * click) was undone by it, and the next keys typed went in at the click.
 */
import type { Editor } from "@tiptap/core";
import { Selection } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import type { FirstInput } from "./first-input";

/** The caret at a position (the nearest place for it), or at the field's start or end, scrolled into view. */
function place(view: EditorView, where: number | "start" | "end"): void {
  const { doc } = view.state;
  const selection = where === "start" ? Selection.atStart(doc) : where === "end" ? Selection.atEnd(doc) : Selection.near(doc.resolve(Math.min(Math.max(where, 0), doc.content.size)));
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
}

/**
 * Hands the first input to the field's editor, now made: the caret where the
 * person clicked (or at the end), focus, then their keys typed in order, each
 * through the editor's own input handling (limits, input rules, Enter).
 */
export function takeOver(editor: Editor, input: FirstInput, { readOnly }: { readOnly: boolean }): void {
  input.done = true;
  if (editor.isDestroyed) return;
  const view = editor.view;
  let pos: number | null = null;
  if (input.at) {
    const box = view.dom.getBoundingClientRect();
    pos = view.posAtCoords({ left: box.left + input.at.x, top: box.top + input.at.y })?.pos ?? null;
  }
  place(view, pos ?? "end");
  // Now, not in the next frame as Tiptap's focus does: a key pressed meanwhile is the editor's, not lost on the page.
  view.focus();
  if (readOnly) return;
  for (const pending of input.keys) {
    if ("paste" in pending) {
      // Through the editor's own paste handling (limits, [n] markers), as the browser would have pasted it.
      const data = new DataTransfer();
      data.setData("text/plain", pending.paste);
      if (pending.html) data.setData("text/html", pending.html);
      const event = new ClipboardEvent("paste", { clipboardData: data });
      if (pending.html) view.pasteHTML(pending.html, event);
      else view.pasteText(pending.paste, event);
      continue;
    }
    if ("move" in pending) {
      const $head = view.state.selection.$head;
      if (pending.move === "all") editor.commands.selectAll();
      else if (pending.move === "start" || pending.move === "end") place(view, pending.move);
      else editor.commands.setTextSelection(pending.move === "lineStart" ? $head.start() : $head.end());
      continue;
    }
    if ("key" in pending) {
      editor.commands.keyboardShortcut(pending.key);
      continue;
    }
    if ("shortcut" in pending) {
      // As the browser would have given it to the editor: its keymaps and key handlers (Link's, Cite's) run, and dispatch.
      const event = new KeyboardEvent("keydown", { ...pending.shortcut, bubbles: true, cancelable: true });
      view.someProp("handleKeyDown", (handle) => handle(view, event));
      continue;
    }
    const { from, to } = view.state.selection;
    const insert = () => view.state.tr.insertText(pending.text, from, to);
    if (!view.someProp("handleTextInput", (f) => f(view, from, to, pending.text, insert))) view.dispatch(insert().scrollIntoView());
  }
  input.keys = [];
}
