/**
 * What a person did to a field before its editor was there: in the editor's
 * first view (first-view.tsx), before the editing engine took over, or in a
 * field's stand-in (field-stand-in.tsx), before its editor was made: the
 * field they clicked or tabbed into, where in it they clicked, and the keys
 * they pressed there. When that field's editor is made, its caret goes where
 * they clicked and the keys are typed into it, in order, as if the editor had
 * been there all along; nothing typed is lost.
 * The editor's own shortcuts (bold, a list, Cite…) are kept with the keys and
 * given to it in their place. The engine hands them over (take-over.ts).
 */
import { isRichField } from "./field-keys";

/** How long a click or keys in a field without its editor wait for it (the engine, then the editor, to arrive). */
const LET_GO_AFTER_MS = 10_000;

/** The attribute that marks a field without its editor (of the first view, or a stand-in) with its field key (field-keys.ts). */
export const FIRST_VIEW_FIELD = "data-first-view-field";

/** A key kept for the editor: a character, an editing key, a move of the caret (to its line's or the field's start or end), or one of its shortcuts. */
export type PendingKey =
  | { text: string }
  | { key: "Enter" | "Backspace" | "Delete" }
  | { move: "lineStart" | "lineEnd" | "start" | "end" | "all" }
  | { paste: string; html: string }
  | { shortcut: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey"> };

/**
 * The rich-text editor's shortcuts with Ctrl (⌘ on Apple platforms) that are
 * kept, by the key pressed with it (shortcut-list.tsx): bold, italic, link,
 * quote, the lists, Cite. Undo is not: nothing the editor did is there to undo
 * yet. Plain-text fields have none of them.
 */
const KEPT_SHORTCUTS = new Set(["b", "i", "k", "Shift+b", "Shift+k", "Shift+7", "Shift+8"]);
/** Those of them that open a dialog (Link, Cite): the keys pressed after it are for the dialog. */
const DIALOG_SHORTCUTS = new Set(["k", "Shift+k"]);

export type FirstInput = {
  /** The field the person is in, or null (outside any field, or nothing yet). */
  fieldKey: string | null;
  /** Where they clicked in it, from its top left corner. */
  at: { x: number; y: number } | null;
  keys: PendingKey[];
  /** A shortcut that opens a dialog was kept: what is typed after it is meant for the dialog, and is not kept for the field. */
  toDialog: boolean;
  /** The field's editor has taken over: keys go to it from now on (until a field without its editor is focused). */
  done: boolean;
  /** Told when a field without its editor is focused once the engine is there: its editor is wanted now (see `makeEditorsOnFocus`). */
  onPending: ((fieldKey: string) => void) | null;
};

export function newFirstInput(): FirstInput {
  return { fieldKey: null, at: null, keys: [], toDialog: false, done: false, onPending: null };
}

/**
 * The key a shortcut was pressed with, as the editor's keymap names it (`key`:
 * the digit of the key for digits, since Shift+8 types "*" on many layouts,
 * the letter in lower case), and its name in the lists above (`name`: after
 * "Shift+" when Shift was held).
 */
function shortcutOf(event: KeyboardEvent): { key: string; name: string } {
  const key = /^Digit\d$/.test(event.code) ? event.code.slice(5) : event.key.toLowerCase();
  return { key, name: event.shiftKey ? `Shift+${key}` : key };
}

function fieldOf(target: EventTarget | null): Element | null {
  return target instanceof Element ? target.closest(`[${FIRST_VIEW_FIELD}]`) : null;
}

/** Whether a key pressed now belongs to the pending field (rather than to the review panel, a dialog…). */
function meantForField(input: FirstInput): boolean {
  const active = document.activeElement;
  return input.fieldKey !== null && (!active || active === document.body || fieldOf(active) !== null);
}

/**
 * From now on, a field without its editor that is focused gets it at once:
 * `makeNow` is asked for it (the first input's own field at once, if it is
 * still waiting), and says whether its editor is on its way; if not (the
 * field is gone), the keys are let go. Returns a stop.
 */
export function makeEditorsOnFocus(input: FirstInput, makeNow: (fieldKey: string) => boolean): () => void {
  const onPending = (key: string) => {
    if (!makeNow(key)) {
      input.done = true;
      return;
    }
    // Its editor comes within a task; if it never does (the field deleted meanwhile), the keys are the page's again.
    const kept = input.keys;
    setTimeout(() => {
      if (input.keys === kept) input.done = true;
    }, LET_GO_AFTER_MS);
  };
  input.onPending = onPending;
  if (input.fieldKey && !input.done) onPending(input.fieldKey);
  return () => {
    if (input.onPending === onPending) input.onPending = null;
  };
}

/**
 * Listens for what is done to the fields without their editors: the first
 * view's until the engine takes over, then the stand-ins', each time one is
 * focused. Returns a stop.
 */
export function watchFirstInput(input: FirstInput): () => void {
  /** A new first input, in field `key`: what was kept for another is let go. */
  const begin = (key: string | null, at: FirstInput["at"]) => {
    input.fieldKey = key;
    input.at = at;
    input.keys = [];
    input.toDialog = false;
    input.done = false;
  };
  const onPointerDown = (event: PointerEvent) => {
    const field = fieldOf(event.target);
    // Once an editor has taken over, only a field still without one starts another first input.
    if (input.done && !field) return;
    if (!field) return begin(null, null);
    const box = field.getBoundingClientRect();
    begin(field.getAttribute(FIRST_VIEW_FIELD), { x: event.clientX - box.left, y: event.clientY - box.top });
  };
  const onFocusIn = (event: FocusEvent) => {
    const field = fieldOf(event.target);
    if (field) {
      const key = field.getAttribute(FIRST_VIEW_FIELD);
      if (key !== input.fieldKey || input.done) begin(key, null);
      if (key) input.onPending?.(key);
    } else if (!input.done && event.target !== document.body) input.fieldKey = null;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (input.done || input.toDialog || event.isComposing || event.altKey || !meantForField(input)) return;
    const mod = event.ctrlKey || event.metaKey;
    const shortcut = mod ? shortcutOf(event) : null;
    if (mod && (event.key === "Home" || event.key === "End")) input.keys.push({ move: event.key === "Home" ? "start" : "end" });
    else if (mod && event.key.toLowerCase() === "a") input.keys.push({ move: "all" });
    else if (shortcut && isRichField(input.fieldKey!) && KEPT_SHORTCUTS.has(shortcut.name)) {
      input.keys.push({ shortcut: { key: shortcut.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, shiftKey: event.shiftKey } });
      input.toDialog = DIALOG_SHORTCUTS.has(shortcut.name);
    } else if (mod) return;
    else if ([...event.key].length === 1) input.keys.push({ text: event.key });
    else if (event.key === "Enter" || event.key === "Backspace" || event.key === "Delete") input.keys.push({ key: event.key });
    else if (event.key === "Home" || event.key === "End") input.keys.push({ move: event.key === "Home" ? "lineStart" : "lineEnd" });
    else return;
    event.preventDefault();
  };
  const onPaste = (event: ClipboardEvent) => {
    if (input.done || input.toDialog || !meantForField(input) || !event.clipboardData) return;
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
