"use client";

import { Placeholder } from "@tiptap/extensions";
import type { EditorView } from "@tiptap/pm/view";
import { useEditorState, type Editor } from "@tiptap/react";
import { memo, useCallback, useMemo, useState } from "react";
import type * as Y from "yjs";
import { plainTextExtensions } from "@/lib/rich-text-schema";
import type { LiveCheck } from "./live-check";
import { errorIdFor, FieldError } from "./field-error";
import { FieldContent } from "./field-content";
import { PlainStandIn } from "./field-stand-in";
import { useMountTurn } from "./mount-queue";
import { useLiveFieldEditor } from "./use-live-field-editor";
import styles from "./editor.module.css";

/** The counter shows from this share of the limit on. */
const COUNTER_FROM = 0.8;

/** What a paste or a keystroke could not put in the field, because of its limit. */
type Cut = { kind: "paste"; kept: number; left: string } | { kind: "typing" };

/** Line breaks (and the spaces around them) become one space: the field is one line of text that wraps. */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*[\r\n]+[ \t]*/g, " ");
}

/**
 * How a text inserted over the selection fits a field of `limit` characters:
 * what goes in, and what is left out (empty when it all fits).
 */
export function fitText(text: string, { length, selected, limit }: { length: number; selected: number; limit: number }): { kept: string; left: string } {
  const room = Math.max(0, limit - (length - selected));
  // Never split a surrogate pair (an emoji) in two.
  let end = Math.min(room, text.length);
  if (end > 0 && end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return { kept: text.slice(0, end), left: text.slice(end) };
}

const SHOWN_OF_CUT = 80;

/** Made once for every plain-text field of the page (extensions.ts says why). */
const PLAIN_TEXT = plainTextExtensions();

/**
 * One line of plain text of the live document (the question, the topic, a
 * heading, a related question): a Tiptap editor on the field's fragment, so
 * that people see each other's carets in it as in the rich-text fields. It
 * wraps like text; Enter does nothing and pasted line breaks become spaces.
 *
 * It holds at most `limit` characters, the limit the server checks: near it a
 * counter shows, typing stops at it, and a paste that does not fit keeps what
 * fits and says what was left out (with a button to copy it), never silently.
 */
type PlainTextFieldProps = {
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
  /** The most characters the field may hold. */
  limit: number;
  onEditor: (fieldKey: string, editor: Editor | null) => void;
};

/**
 * A plain-text field as the editor lays out its single fields (the question,
 * the topic, the claim and where it appeared): its label above, named by it,
 * and the server's message below, described by it.
 */
export function LabelledPlainTextField({
  label,
  error,
  fieldClassName,
  ...field
}: Omit<PlainTextFieldProps, "labelledBy" | "describedBy" | "invalid"> & { label: string; error?: string; fieldClassName?: string }) {
  return (
    <div className={`${styles.field} ${fieldClassName ?? ""}`}>
      <span id={`${field.id}-label`} className={styles.label}>
        {label}
      </span>
      <PlainTextField {...field} labelledBy={`${field.id}-label`} describedBy={error ? errorIdFor(field.fieldKey) : undefined} invalid={!!error} />
      <FieldError fieldKey={field.fieldKey} message={error} />
    </div>
  );
}

export const PlainTextField = memo(function PlainTextField(props: PlainTextFieldProps) {
  // The editor is made in its turn, once the field is near the view or focused (mount-queue.tsx); until then the field is its stand-in.
  const [ready, standIn] = useMountTurn(props.fieldKey);
  if (ready) return <LivePlainTextField {...props} />;
  const readOnly = props.readOnly ?? false;
  return (
    <div className={styles.plainTextField}>
      <PlainStandIn
        fieldKey={props.fieldKey}
        fragment={props.fragment}
        id={props.id}
        labelledBy={props.labelledBy}
        describedBy={[props.describedBy, readOnly ? null : `${props.id}-count`].filter(Boolean).join(" ") || undefined}
        invalid={props.invalid}
        readOnly={readOnly}
        placeholder={props.placeholder}
        className={`${styles.plainText} ${props.className ?? ""}`}
        standIn={standIn}
      />
      <p id={`${props.id}-count`} className={styles.counter} hidden />
    </div>
  );
});

function LivePlainTextField({
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
  limit,
  onEditor,
}: PlainTextFieldProps) {
  const [cut, setCut] = useState<Cut | null>(null);
  const [copied, setCopied] = useState(false);
  const extensions = useMemo(() => [...PLAIN_TEXT, ...(placeholder ? [Placeholder.configure({ placeholder })] : [])], [placeholder]);

  const insert = useCallback(
    (view: EditorView, text: string, kind: Cut["kind"]) => {
      const { from, to } = view.state.selection;
      const { kept, left } = fitText(oneLine(text), { length: view.state.doc.textContent.length, selected: view.state.doc.textBetween(from, to).length, limit });
      if (kept.length) view.dispatch(view.state.tr.insertText(kept, from, to).scrollIntoView());
      setCopied(false);
      setCut(left.length ? (kind === "paste" ? { kind, kept: kept.length, left } : { kind }) : null);
      return true;
    },
    [limit],
  );
  const handlePaste = useCallback(
    (view: EditorView, event: ClipboardEvent) => {
      const text = event.clipboardData?.getData("text/plain");
      if (!text) return false;
      return insert(view, text, "paste");
    },
    [insert],
  );
  const handleKeyDown = useCallback((_view: EditorView, event: KeyboardEvent) => event.key === "Enter", []);
  // Typing at the limit is refused, and says so.
  const handleTextInput = useCallback(
    (view: EditorView, from: number, to: number, text: string) => {
      if (view.state.doc.textContent.length - view.state.doc.textBetween(from, to).length + text.length > limit) return insert(view, text, "typing");
      setCut((now) => (now?.kind === "typing" ? null : now));
      return false;
    },
    [insert, limit],
  );

  const counterId = `${id}-count`;
  const editor = useLiveFieldEditor({
    fieldKey,
    fragment,
    live,
    extensions,
    id,
    labelledBy,
    describedBy: [describedBy, readOnly ? null : counterId, cut ? `${id}-cut` : null].filter(Boolean).join(" ") || undefined,
    invalid,
    readOnly,
    className: `${styles.plainText} ${className ?? ""}`,
    handleKeyDown,
    handlePaste,
    handleTextInput,
    onEditor,
  });

  const length = useEditorState({ editor, selector: ({ editor: e }) => (e ? e.state.doc.textContent.length : 0) }) ?? 0;
  const showCounter = !readOnly && length >= limit * COUNTER_FROM;

  const copyLeft = async () => {
    if (cut?.kind !== "paste") return;
    try {
      await navigator.clipboard.writeText(cut.left);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className={styles.plainTextField}>
      {editor ? <FieldContent editor={editor} /> : <div className={`${styles.plainText} ${className ?? ""}`} aria-hidden="true" />}
      {/* Always there (the field points at it), empty until the text nears the limit. */}
      <p id={counterId} className={styles.counter} data-over={length > limit || undefined} hidden={!showCounter}>
        {showCounter ? (length > limit ? `${length} of ${limit} characters: ${length - limit} too many` : `${length} of ${limit} characters`) : null}
      </p>
      <div role="status">
        {cut?.kind === "paste" ? (
          <div id={`${id}-cut`} className={styles.cutNote}>
            <p>
              This field holds at most {limit} characters: {cut.kept ? `the first ${cut.kept} pasted went in, and` : "nothing pasted went in:"} the last {cut.left.length} were left out, starting “
              {cut.left.length > SHOWN_OF_CUT ? `${cut.left.slice(0, SHOWN_OF_CUT)}…` : cut.left}”.
            </p>
            <p className={styles.cutActions}>
              <button type="button" className="btn btn-small" onClick={copyLeft}>
                {copied ? "Copied" : "Copy what was left out"}
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setCut(null)}>
                Dismiss
              </button>
            </p>
          </div>
        ) : cut?.kind === "typing" ? (
          <p id={`${id}-cut`} className={styles.cutNote}>
            This field holds at most {limit} characters: what you typed beyond them was not added.
          </p>
        ) : null}
      </div>
    </div>
  );
}
