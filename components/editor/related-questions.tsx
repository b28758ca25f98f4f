"use client";

import { memo, type KeyboardEvent } from "react";
import { LIMITS } from "@/lib/document";
import { fieldKey, type DraftRelated } from "./draft-data";
import { FieldError, errorIdFor } from "./field-error";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "./icons";
import styles from "./editor.module.css";

export const relatedInputId = (id: string) => `related-${id}`;

type Props = {
  questions: DraftRelated[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (id: string, text: string) => void;
  onMove: (id: string, delta: -1 | 1) => void;
  onRemove: (id: string) => void;
  onAdd: () => void;
};

/** "Want to dive deeper?": follow-up questions readers may ask, in reading order. */
export function RelatedQuestions({ questions, errors, readOnly, onAdd, ...handlers }: Props) {
  const full = questions.length >= LIMITS.relatedQuestions;
  return (
    <>
      {questions.length ? (
        <ol className={styles.relatedList}>
          {questions.map((q, index) => (
            <RelatedItem
              key={q.id}
              question={q}
              position={index + 1}
              isLast={index === questions.length - 1}
              error={errors[fieldKey.related(q.id)]}
              readOnly={readOnly}
              {...handlers}
            />
          ))}
        </ol>
      ) : (
        <p className={styles.emptyHint}>No related questions yet.</p>
      )}
      {readOnly ? null : (
        <button type="button" className={`btn ${styles.addButton}`} onClick={() => !full && onAdd()} aria-disabled={full || undefined}>
          <PlusIcon /> Add related question
        </button>
      )}
      {full && !readOnly ? <p className={styles.hint}>A check can list at most {LIMITS.relatedQuestions} related questions.</p> : null}
    </>
  );
}

type ItemProps = Omit<Props, "questions" | "errors" | "onAdd"> & {
  question: DraftRelated;
  position: number;
  isLast: boolean;
  error?: string;
};

const RelatedItem = memo(function RelatedItem({
  question,
  position,
  isLast,
  error,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: ItemProps) {
  const key = fieldKey.related(question.id);
  const isFirst = position === 1;
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (readOnly || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      onMove(question.id, event.key === "ArrowUp" ? -1 : 1);
    }
  };
  return (
    <li className={styles.relatedItem} data-related-id={question.id} onKeyDown={onKeyDown}>
      <div className={styles.relatedRow}>
        <label htmlFor={relatedInputId(question.id)} className="visually-hidden">
          Related question {position}
        </label>
        <input
          id={relatedInputId(question.id)}
          className={styles.relatedInput}
          type="text"
          value={question.text}
          placeholder="A question readers may ask next"
          maxLength={LIMITS.relatedQuestion}
          readOnly={readOnly}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorIdFor(key) : undefined}
          onChange={(event) => onChange(question.id, event.target.value)}
        />
        {readOnly ? null : (
          <div className={styles.rowActions}>
            <button
              type="button"
              className={styles.iconButton}
              aria-label={`Move related question ${position} up`}
              title="Move up (Alt+Shift+↑)"
              aria-disabled={isFirst || undefined}
              data-move="up"
              onClick={() => !isFirst && onMove(question.id, -1)}
            >
              <ArrowUpIcon />
            </button>
            <button
              type="button"
              className={styles.iconButton}
              aria-label={`Move related question ${position} down`}
              title="Move down (Alt+Shift+↓)"
              aria-disabled={isLast || undefined}
              data-move="down"
              onClick={() => !isLast && onMove(question.id, 1)}
            >
              <ArrowDownIcon />
            </button>
            <button
              type="button"
              className={`${styles.iconButton} ${styles.iconButtonDanger}`}
              aria-label={`Remove related question ${position}`}
              title="Remove"
              onClick={() => onRemove(question.id)}
            >
              <TrashIcon />
            </button>
          </div>
        )}
      </div>
      <FieldError fieldKey={key} message={error} />
    </li>
  );
});
