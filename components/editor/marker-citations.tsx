"use client";

import type { Node as PmNode } from "@tiptap/pm/model";
import type { Editor } from "@tiptap/react";
import { yUndoPluginKey } from "@tiptap/y-tiptap";
import { useId, useState, type FormEvent } from "react";
import { useCitations } from "./citation-context";
import styles from "./editor.module.css";

const MARKER = /\[(\d{1,3})\]/g;

/** Whether pasted text holds `[1]`-style reference markers. */
export function hasMarkers(text: string): boolean {
  return /\[\d{1,3}\]/.test(text);
}

type Found = { from: number; to: number; number: number };

/** The literal `[n]` markers in the text of `doc` between `from` and `to`, in order. */
export function findMarkers(doc: PmNode, from: number, to: number): Found[] {
  const found: Found[] = [];
  const end = Math.min(to, doc.content.size);
  doc.nodesBetween(Math.max(0, from), end, (node, pos) => {
    if (!node.isText || !node.text) return true;
    for (const match of node.text.matchAll(MARKER)) {
      const at = pos + match.index;
      if (at >= from && at + match[0].length <= end) found.push({ from: at, to: at + match[0].length, number: Number(match[1]) });
    }
    return false;
  });
  return found;
}

/**
 * After a paste that brought `[1]`-style markers into a check that already
 * cites sources: offers to turn them into citations. The person says which
 * source each number is (the source that has that number in the check now is
 * proposed; "Leave as text" keeps a marker as it is). One step of the undo
 * history, like any other edit of the field.
 */
export function MarkerCitations({ editor, range, onDone }: { editor: Editor; range: { from: number; to: number }; onDone: () => void }) {
  const citations = useCitations();
  const id = useId();
  const numbers = [...new Set(findMarkers(editor.state.doc, range.from, range.to).map((m) => m.number))].sort((a, b) => a - b);
  const cited = (citations?.numbering.order ?? []).map((sourceId, index) => ({ sourceId, n: index + 1, title: citations?.sources.get(sourceId)?.title ?? "Source" }));
  const [choice, setChoice] = useState<Record<number, string>>(() =>
    Object.fromEntries(numbers.map((n) => [n, cited.find((c) => c.n === n)?.sourceId ?? ""])),
  );
  if (numbers.length === 0 || cited.length === 0) return null;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const markers = findMarkers(editor.state.doc, range.from, range.to).filter((m) => choice[m.number]);
    if (markers.length) {
      // A step of its own, apart from the paste however soon after it comes (the check's undo history joins
      // changes made within half a second).
      yUndoPluginKey.getState(editor.state)?.undoManager.stopCapturing();
      const type = editor.schema.nodes.citation!;
      const tr = editor.state.tr;
      // From the end, so earlier positions stay valid.
      for (const m of [...markers].reverse()) tr.replaceWith(m.from, m.to, type.create({ sourceId: choice[m.number] }));
      editor.view.dispatch(tr);
    }
    onDone();
    editor.commands.focus();
  };

  return (
    <form className={styles.markerOffer} onSubmit={apply} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className={styles.markerTitle}>
        The pasted text has reference markers. Turn them into citations?
      </p>
      <p className={styles.hint}>Say which source each number is; a marker left as text stays as it was pasted.</p>
      <div className={styles.markerRows}>
        {numbers.map((n) => (
          <div key={n} className={styles.markerRow}>
            <label htmlFor={`${id}-${n}`}>[{n}] is</label>
            <select id={`${id}-${n}`} value={choice[n] ?? ""} onChange={(e) => setChoice((all) => ({ ...all, [n]: e.target.value }))}>
              <option value="">Leave as text</option>
              {cited.map((c) => (
                <option key={c.sourceId} value={c.sourceId}>
                  [{c.n}] {c.title}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className={styles.markerActions}>
        <button type="submit" className="btn btn-primary btn-small">
          Turn into citations
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            onDone();
            editor.commands.focus();
          }}
        >
          Keep as text
        </button>
      </div>
    </form>
  );
}
