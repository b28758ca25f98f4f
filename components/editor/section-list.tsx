"use client";

import type { Editor } from "@tiptap/react";
import { memo } from "react";
import { fieldFragment } from "@/lib/collab/document";
import { LIMITS } from "@/lib/rich-doc";
import { fieldKey } from "./field-keys";
import { FieldError, errorIdFor } from "./field-error";
import { PlusIcon } from "./icons";
import type { LiveCheck, Presence } from "./live-check";
import { PlainTextField } from "./plain-text-field";
import { PeopleIn } from "./presence";
import { RichTextField } from "./rich-text-field";
import { moveKeys, RowControls } from "./row-controls";
import styles from "./editor.module.css";

export type SectionListProps = {
  /** Section ids in order (the live document's). */
  ids: string[];
  live: LiveCheck;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Who else is in the check, and where. */
  people: Presence[];
  onEditor: (fieldKey: string, editor: Editor | null) => void;
  onMove: (id: string, delta: -1 | 1) => void;
  onDelete: (id: string) => void;
  onAdd: () => void;
  addButtonId?: string;
  /** How tall each section of the first view was as the editor took its place (`firstViewSectionSizes`). */
  sizes?: ReadonlyMap<string, number>;
};

export const sectionHeadingId = (id: string) => `section-${id}-heading`;
export const sectionBodyId = (id: string) => `section-${id}-body`;

const NOBODY: Presence[] = [];

/**
 * The height of each section of the first view (first-view.tsx), by id, as
 * the browser has it when the editor's fields take its place: drawn, or
 * counted until drawn (content-visibility, editor.module.css). The editor's
 * sections not drawn yet are counted as tall as these, so nothing above the
 * view moves when the first view gives way (a writer who scrolled down while
 * the editor loaded stays where they were). Empty where there is no first view.
 */
export function firstViewSectionSizes(): Map<string, number> {
  const sizes = new Map<string, number>();
  if (typeof document === "undefined") return sizes;
  for (const section of document.querySelectorAll<HTMLElement>("[data-first-view] li[data-section-id]")) {
    // The height of its content: the size counted for a section not drawn is its content's, inside its padding and border.
    const style = getComputedStyle(section);
    const around = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"].reduce((sum, side) => sum + (parseFloat(style[side as "paddingTop"]) || 0), 0);
    const height = section.getBoundingClientRect().height - around;
    if (height > 0 && section.dataset.sectionId) sizes.set(section.dataset.sectionId, height);
  }
  return sizes;
}

/**
 * The numbered sections. Numbers always follow the order; moving works with
 * the buttons or Alt+Shift+Arrow anywhere inside a section.
 */
export function SectionList({ ids, errors, people, onAdd, addButtonId, sizes, ...rest }: SectionListProps) {
  const full = ids.length >= LIMITS.sections;
  const inSection = (id: string) => {
    const here = people.filter((p) => p.field?.startsWith(`section:${id}:`));
    return here.length ? here : NOBODY;
  };
  return (
    <>
      {ids.length ? (
        <ol className={styles.sectionList}>
          {ids.map((id, index) => (
            <SectionItem
              key={id}
              id={id}
              position={index + 1}
              isLast={index === ids.length - 1}
              headingError={errors[fieldKey.sectionHeading(id)]}
              bodyError={errors[fieldKey.sectionBody(id)]}
              people={inSection(id)}
              size={sizes?.get(id)}
              {...rest}
            />
          ))}
        </ol>
      ) : (
        <p className={styles.emptyHint}>No sections yet. Each section answers one part of the question.</p>
      )}
      {rest.readOnly ? null : (
        <button id={addButtonId} type="button" className={`btn ${styles.addButton}`} aria-disabled={full || undefined} onClick={() => !full && onAdd()}>
          <PlusIcon /> Add section
        </button>
      )}
      {full && !rest.readOnly ? <p className={styles.hint}>A check can have at most {LIMITS.sections} sections.</p> : null}
    </>
  );
}

type SectionItemProps = Omit<SectionListProps, "ids" | "errors" | "onAdd" | "addButtonId" | "people" | "sizes"> & {
  id: string;
  position: number;
  isLast: boolean;
  /** Its first view's height, counted until it is drawn. */
  size?: number;
  headingError?: string;
  bodyError?: string;
  people: Presence[];
};

const SectionItem = memo(function SectionItem({ id, live, position, isLast, size, headingError, bodyError, people, readOnly, onEditor, onMove, onDelete }: SectionItemProps) {
  const headingKey = fieldKey.sectionHeading(id);
  const bodyKey = fieldKey.sectionBody(id);
  const headingLabelId = `section-${id}-heading-label`;
  const bodyLabelId = `section-${id}-body-label`;
  const heading = fieldFragment(live.doc, headingKey);
  const body = fieldFragment(live.doc, bodyKey);

  const move = (delta: -1 | 1) => onMove(id, delta);
  return (
    <li className={styles.section} data-section-id={id} style={size ? { containIntrinsicSize: `auto ${size}px` } : undefined} onKeyDown={moveKeys(readOnly, move)}>
      <div className={styles.sectionHeader}>
        <span className={styles.sectionNumber} aria-hidden="true">
          {position}.
        </span>
        <div className={styles.sectionHeadingField}>
          <span id={headingLabelId} className="visually-hidden">
            Section {position} heading
          </span>
          {heading ? (
            <PlainTextField
              fieldKey={headingKey}
              id={sectionHeadingId(id)}
              labelledBy={headingLabelId}
              describedBy={headingError ? errorIdFor(headingKey) : undefined}
              invalid={!!headingError}
              fragment={heading}
              live={live}
              placeholder="Section heading"
              readOnly={readOnly}
              className={styles.sectionHeading}
              limit={LIMITS.heading}
              onEditor={onEditor}
            />
          ) : null}
        </div>
        <PeopleIn people={people} label={`In section ${position} now`} />
        {readOnly ? null : (
          <RowControls noun="section" position={position} isLast={isLast} deleteVerb="Delete" className={styles.sectionActions} onMove={move} onDelete={() => onDelete(id)} />
        )}
      </div>
      <FieldError fieldKey={headingKey} message={headingError} />
      <span id={bodyLabelId} className="visually-hidden">
        Section {position} body
      </span>
      {body ? (
        <RichTextField
          fieldKey={bodyKey}
          id={sectionBodyId(id)}
          label={`Section ${position} body`}
          labelledBy={bodyLabelId}
          describedBy={bodyError ? errorIdFor(bodyKey) : undefined}
          invalid={!!bodyError}
          fragment={body}
          live={live}
          placeholder="Write this section…"
          readOnly={readOnly}
          onEditor={onEditor}
        />
      ) : null}
      <FieldError fieldKey={bodyKey} message={bodyError} />
    </li>
  );
});
