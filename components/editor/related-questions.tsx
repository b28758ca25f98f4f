"use client";

import type { Editor } from "@tiptap/react";
import { memo } from "react";
import { fieldFragment } from "@/lib/collab/document";
import { LIMITS } from "@/lib/rich-doc";
import { fieldKey } from "./field-keys";
import { FieldError, errorIdFor } from "./field-error";
import { PlusIcon } from "./icons";
import type { LiveCheck } from "./live-check";
import { PlainTextField } from "./plain-text-field";
import { moveKeys, RowControls } from "./row-controls";
import styles from "./editor.module.css";

export const relatedInputId = (id: string) => `related-${id}`;

type Props = {
  /** Related-question ids in order (the live document's). */
  ids: string[];
  live: LiveCheck;
  errors: Record<string, string>;
  readOnly: boolean;
  onEditor: (fieldKey: string, editor: Editor | null) => void;
  onMove: (id: string, delta: -1 | 1) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
};

/** "Want to dive deeper?": follow-up questions readers may ask, in reading order. */
export function RelatedQuestions({ ids, errors, onAdd, ...rest }: Props) {
  const full = ids.length >= LIMITS.relatedQuestions;
  return (
    <>
      {ids.length ? (
        <ol className={styles.relatedList}>
          {ids.map((id, index) => (
            <RelatedItem key={id} id={id} position={index + 1} isLast={index === ids.length - 1} error={errors[fieldKey.related(id)]} {...rest} />
          ))}
        </ol>
      ) : (
        <p className={styles.emptyHint}>No related questions yet.</p>
      )}
      {rest.readOnly ? null : (
        <button type="button" className={`btn ${styles.addButton}`} onClick={() => !full && onAdd()} aria-disabled={full || undefined}>
          <PlusIcon /> Add related question
        </button>
      )}
      {full && !rest.readOnly ? <p className={styles.hint}>A check can list at most {LIMITS.relatedQuestions} related questions.</p> : null}
    </>
  );
}

type ItemProps = Omit<Props, "ids" | "errors" | "onAdd"> & { id: string; position: number; isLast: boolean; error?: string };

const RelatedItem = memo(function RelatedItem({ id, live, position, isLast, error, readOnly, onEditor, onMove, onRemove }: ItemProps) {
  const key = fieldKey.related(id);
  const labelId = `related-${id}-label`;
  const fragment = fieldFragment(live.doc, key);
  const move = (delta: -1 | 1) => onMove(id, delta);
  return (
    <li className={styles.relatedItem} data-related-id={id} onKeyDown={moveKeys(readOnly, move)}>
      <div className={styles.relatedRow}>
        <span id={labelId} className="visually-hidden">
          Related question {position}
        </span>
        {fragment ? (
          <PlainTextField
            fieldKey={key}
            id={relatedInputId(id)}
            labelledBy={labelId}
            describedBy={error ? errorIdFor(key) : undefined}
            invalid={!!error}
            fragment={fragment}
            live={live}
            placeholder="A question readers may ask next"
            readOnly={readOnly}
            className={styles.relatedInput}
            limit={LIMITS.relatedQuestion}
            onEditor={onEditor}
          />
        ) : null}
        {readOnly ? null : (
          <RowControls noun="related question" position={position} isLast={isLast} deleteVerb="Remove" className={styles.rowActions} onMove={move} onDelete={() => onRemove(id)} />
        )}
      </div>
      <FieldError fieldKey={key} message={error} />
    </li>
  );
});
