/**
 * What a person did to the editor's first view (first-view.tsx) before the
 * editing engine took over: the field they clicked or tabbed into, where in it
 * they clicked, and the keys they pressed there. When that field's editor is
 * made, its caret goes where they clicked and the keys are typed into it, in
 * order, as if the editor had been there all along; nothing typed is lost.
 */
import type { Editor } from "@tiptap/core";

/** The attribute that marks a first-view field with its field key (field-keys.ts). */
export const FIRST_VIEW_FIELD = "data-first-view-field";

/** A key kept for the editor: a character, an editing key, or a move of the caret (to its line's or the field's start or end). */
export type PendingKey =
  | { text: string }
  | { key: "Enter" | "Backspace" | "Delete" }
  | { move: "lineStart" | "lineEnd" | "start" | "end" | "all" }
  | { paste: string; html: string };

export type FirstInput = {
  /** The field the person is in, or null (outside any field, or nothing yet). */
  fieldKey: string | null;
  /** Where they clicked in it, from its top left corner. */
  at: { x: number; y: number } | null;
  keys: PendingKey[];
  /** The field's editor has taken over: keys go to it from now on. */
  done: boolean;
};

export function newFirstInput(): FirstInput {
  return { fieldKey: null, at: null, keys: [], done: false };
}

function fieldOf(target: EventTarget | null): Element | null {
  return target instanceof Element ? target.closest(`[${FIRST_VIEW_FIELD}]`) : null;
}

/** Whether a key pressed now belongs to the pending field (rather than to the review panel, a dialog…). */
function meantForField(input: FirstInput): boolean {
  const active = document.activeElement;
  return input.fieldKey !== null && (!active || active === document.body || fieldOf(active) !== null);
}

/** Listens for what is done to the first view until the engine takes over. Returns a stop. */
export function watchFirstInput(input: FirstInput): () => void {
  const onPointerDown = (event: PointerEvent) => {
    if (input.done) return;
    const field = fieldOf(event.target);
    input.fieldKey = field?.getAttribute(FIRST_VIEW_FIELD) ?? null;
    input.keys = [];
    if (field) {
      const box = field.getBoundingClientRect();
      input.at = { x: event.clientX - box.left, y: event.clientY - box.top };
    } else input.at = null;
  };
  const onFocusIn = (event: FocusEvent) => {
    if (input.done) return;
    const field = fieldOf(event.target);
    if (field) {
      const key = field.getAttribute(FIRST_VIEW_FIELD);
      if (key !== input.fieldKey) {
        input.fieldKey = key;
        input.at = null;
        input.keys = [];
      }
    } else if (event.target !== document.body) input.fieldKey = null;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (input.done || event.isComposing || event.altKey || !meantForField(input)) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && (event.key === "Home" || event.key === "End")) input.keys.push({ move: event.key === "Home" ? "start" : "end" });
    else if (mod && event.key.toLowerCase() === "a") input.keys.push({ move: "all" });
    else if (mod) return;
    else if ([...event.key].length === 1) input.keys.push({ text: event.key });
    else if (event.key === "Enter" || event.key === "Backspace" || event.key === "Delete") input.keys.push({ key: event.key });
    else if (event.key === "Home" || event.key === "End") input.keys.push({ move: event.key === "Home" ? "lineStart" : "lineEnd" });
    else return;
    event.preventDefault();
  };
  const onPaste = (event: ClipboardEvent) => {
    if (input.done || !meantForField(input) || !event.clipboardData) return;
    input.keys.push({ paste: event.clipboardData.getData("text/plain"), html: event.clipboardData.getData("text/html") });
    event.preventDefault();
  };
  const passive = { capture: true, passive: true } as const;
  window.addEventListener("pointerdown", onPointerDown, passive);
  window.addEventListener("focusin", onFocusIn, true);
  window.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("paste", onPaste, true);
  return () => {
    window.removeEventListener("paste", onPaste, true);
    window.removeEventListener("pointerdown", onPointerDown, passive);
    window.removeEventListener("focusin", onFocusIn, true);
    window.removeEventListener("keydown", onKeyDown, true);
  };
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
  editor.commands.focus(pos ?? "end");
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
      else if (pending.move === "start" || pending.move === "end") editor.commands.focus(pending.move);
      else editor.commands.setTextSelection(pending.move === "lineStart" ? $head.start() : $head.end());
      continue;
    }
    if ("key" in pending) {
      editor.commands.keyboardShortcut(pending.key);
      continue;
    }
    const { from, to } = view.state.selection;
    const insert = () => view.state.tr.insertText(pending.text, from, to);
    if (!view.someProp("handleTextInput", (f) => f(view, from, to, pending.text, insert))) view.dispatch(insert().scrollIntoView());
  }
  input.keys = [];
}
