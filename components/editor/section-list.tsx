"use client";

import type { Editor } from "@tiptap/react";
import { memo, type KeyboardEvent } from "react";
import { LIMITS } from "@/lib/document";
import { fieldKey, type DraftSection } from "./draft-data";
import { FieldError, errorIdFor } from "./field-error";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "./icons";
import { RichTextField } from "./rich-text-field";
import styles from "./editor.module.css";

export type SectionListProps = {
  sections: DraftSection[];
  errors: Record<string, string>;
  readOnly: boolean;
  onHeadingChange: (id: string, heading: string) => void;
  onBodyChange: (fieldKey: string) => void;
  onEditor: (fieldKey: string, editor: Editor | null) => void;
  onMove: (id: string, delta: -1 | 1) => void;
  onDelete: (id: string) => void;
  onAdd: () => void;
  addButtonId?: string;
};

export const sectionHeadingId = (id: string) => `section-${id}-heading`;
export const sectionBodyId = (id: string) => `section-${id}-body`;

/**
 * The numbered sections. Numbers always follow the order; moving works with
 * the buttons or Alt+Shift+Arrow anywhere inside a section.
 */
export function SectionList({ sections, errors, readOnly, onAdd, addButtonId, ...handlers }: SectionListProps) {
  const full = sections.length >= LIMITS.sections;
  return (
    <>
      {sections.length ? (
        <ol className={styles.sectionList}>
          {sections.map((section, index) => (
            <SectionItem
              key={section.id}
              section={section}
              position={index + 1}
              isLast={index === sections.length - 1}
              headingError={errors[fieldKey.sectionHeading(section.id)]}
              bodyError={errors[fieldKey.sectionBody(section.id)]}
              readOnly={readOnly}
              {...handlers}
            />
          ))}
        </ol>
      ) : (
        <p className={styles.emptyHint}>No sections yet. Each section answers one part of the question.</p>
      )}
      {readOnly ? null : (
        <button
          id={addButtonId}
          type="button"
          className={`btn ${styles.addButton}`}
          aria-disabled={full || undefined}
          onClick={() => !full && onAdd()}
        >
          <PlusIcon /> Add section
        </button>
      )}
      {full && !readOnly ? <p className={styles.hint}>A check can have at most {LIMITS.sections} sections.</p> : null}
    </>
  );
}

type SectionItemProps = Omit<SectionListProps, "sections" | "errors" | "onAdd" | "addButtonId"> & {
  section: DraftSection;
  position: number;
  isLast: boolean;
  headingError?: string;
  bodyError?: string;
};

const SectionItem = memo(function SectionItem({
  section,
  position,
  isLast,
  headingError,
  bodyError,
  readOnly,
  onHeadingChange,
  onBodyChange,
  onEditor,
  onMove,
  onDelete,
}: SectionItemProps) {
  const { id } = section;
  const headingKey = fieldKey.sectionHeading(id);
  const bodyKey = fieldKey.sectionBody(id);
  const bodyLabelId = `section-${id}-body-label`;
  const isFirst = position === 1;

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    if (readOnly || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      onMove(id, event.key === "ArrowUp" ? -1 : 1);
    }
  };

  return (
    <li className={styles.section} data-section-id={id} onKeyDown={onKeyDown}>
      <div className={styles.sectionHeader}>
        <span className={styles.sectionNumber} aria-hidden="true">
          {position}.
        </span>
        <div className={styles.sectionHeadingField}>
          <label htmlFor={sectionHeadingId(id)} className="visually-hidden">
            Section {position} heading
          </label>
          <input
            id={sectionHeadingId(id)}
            className={styles.sectionHeading}
            type="text"
            value={section.heading}
            placeholder="Section heading"
            maxLength={LIMITS.heading}
            readOnly={readOnly}
            aria-invalid={headingError ? true : undefined}
            aria-describedby={headingError ? errorIdFor(headingKey) : undefined}
            onChange={(event) => onHeadingChange(id, event.target.value)}
          />
        </div>
        {readOnly ? null : (
          <div className={styles.sectionActions}>
            <button
              type="button"
              className={styles.iconButton}
              aria-label={`Move section ${position} up`}
              title="Move up (Alt+Shift+↑)"
              aria-keyshortcuts="Alt+Shift+ArrowUp"
              aria-disabled={isFirst || undefined}
              data-move="up"
              onClick={() => !isFirst && onMove(id, -1)}
            >
              <ArrowUpIcon />
            </button>
            <button
              type="button"
              className={styles.iconButton}
              aria-label={`Move section ${position} down`}
              title="Move down (Alt+Shift+↓)"
              aria-keyshortcuts="Alt+Shift+ArrowDown"
              aria-disabled={isLast || undefined}
              data-move="down"
              onClick={() => !isLast && onMove(id, 1)}
            >
              <ArrowDownIcon />
            </button>
            <button
              type="button"
              className={`${styles.iconButton} ${styles.iconButtonDanger}`}
              aria-label={`Delete section ${position}`}
              title="Delete section"
              onClick={() => onDelete(id)}
            >
              <TrashIcon />
            </button>
          </div>
        )}
      </div>
      <FieldError fieldKey={headingKey} message={headingError} />
      <span id={bodyLabelId} className="visually-hidden">
        Section {position} body
      </span>
      <RichTextField
        fieldKey={bodyKey}
        id={sectionBodyId(id)}
        label={`Section ${position} body`}
        labelledBy={bodyLabelId}
        describedBy={bodyError ? errorIdFor(bodyKey) : undefined}
        invalid={!!bodyError}
        initialContent={section.body}
        placeholder="Write this section…"
        readOnly={readOnly}
        onChange={onBodyChange}
        onEditor={onEditor}
      />
      <FieldError fieldKey={bodyKey} message={bodyError} />
    </li>
  );
});
