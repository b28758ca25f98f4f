/**
 * A field drawn without its editor, as its editor draws it: the first view's
 * fields (first-view.tsx, drawn by the server) and the engine's stand-ins
 * (field-stand-in.tsx) are the same markup, so that nothing moves when one
 * gives way to the other. No hooks: the server draws it too.
 */
import type { ReactNode, Ref } from "react";
import { RichText as RichTextView } from "@/components/fact-check/rich-text";
import { isDocEmpty, type RichDoc } from "@/lib/rich-doc";
import { FIRST_VIEW_FIELD } from "./first-input";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

/** The field's key, and the id and ARIA terms its editor has. */
export type FieldTerms = { fieldKey: string; id: string; labelledBy: string; describedBy?: string; invalid?: boolean };

/**
 * The field's box: a textbox named as its editor, in the tab order, marked
 * with its field key (a click or keys in it carry over to its editor:
 * first-input.ts); read-only when the editor will be.
 */
export function FieldTextBox({ field, readOnly, multiline, className, boxRef, children }: { field: FieldTerms; readOnly: boolean; multiline: boolean; className: string; boxRef?: Ref<HTMLDivElement>; children: ReactNode }) {
  return (
    <div
      ref={boxRef}
      id={field.id}
      role="textbox"
      tabIndex={0}
      aria-labelledby={field.labelledBy}
      aria-describedby={field.describedBy}
      aria-invalid={field.invalid || undefined}
      aria-readonly={readOnly || undefined}
      aria-multiline={multiline || undefined}
      {...{ [FIRST_VIEW_FIELD]: field.fieldKey }}
      className={`${className} ${styles.firstViewField}`}
    >
      {children}
    </div>
  );
}

function Empty({ placeholder }: { placeholder?: string }) {
  return (
    <p className="is-editor-empty" data-placeholder={placeholder}>
      <br />
    </p>
  );
}

/** A plain-text field's text, or its placeholder. */
export function PlainFieldText({ text, placeholder }: { text: string; placeholder?: string }) {
  return text ? <p>{text}</p> : <Empty placeholder={placeholder} />;
}

/** What a citation shows: its number and, where known, its accessible name and whether its source needs a look. */
export type CitationMarkLook = { n: number | undefined; label?: string; warning?: string };

/** A rich-text field's text, citations drawn `[n]` as the editor draws them (without the tooltip), or its placeholder. */
export function RichFieldText({ doc, placeholder, look }: { doc: RichDoc; placeholder?: string; look: (sourceId: string) => CitationMarkLook }) {
  if (isDocEmpty(doc)) return <Empty placeholder={placeholder} />;
  return (
    <RichTextView
      doc={doc}
      inertLinks
      renderCitation={(sourceId, key) => {
        const { n, label, warning } = look(sourceId);
        return (
          <span key={key} className={citationStyles.citation} data-citation="" aria-label={label} data-warning={warning ? "" : undefined}>
            <span className={citationStyles.number} data-citation-number="" aria-hidden={label ? true : undefined}>
              [{n ?? "?"}]
            </span>
          </span>
        );
      }}
    />
  );
}
