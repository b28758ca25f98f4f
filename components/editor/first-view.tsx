/**
 * The check as the editor will show it, drawn by the server from the stored
 * live document, before the editing engine (ProseMirror, Tiptap, Yjs) is in
 * the browser: the same fields, in the same places, with the same text, so
 * that the page is readable at once and nothing moves when the engine takes
 * over (fact-check-editor.tsx loads it at the first sign of use).
 *
 * Each field is a read-only textbox named as the editor's will be, focusable,
 * and marked with its field key: a click or a key pressed in it is where the
 * editor puts its caret and what it types first (first-input.ts).
 *
 * It is drawn in fact-check-editor.tsx's `DrawnFirstView`, which the browser
 * that hydrates the page keeps as the server drew it, never hydrated.
 */
import type { ReactNode } from "react";
import type { LiveContent } from "@/lib/collab/document";
import { numberCitations } from "@/lib/citations";
import { LIMITS, type RichDoc } from "@/lib/rich-doc";
import { findVerdict, type VerdictScale } from "@/lib/verdicts";
import type { CitedSource } from "./citation-context";
import { SourcesPanelView } from "./sources-panel-view";
import { EditorBlock, verdictHint } from "./editor-block";
import { FieldTextBox, PlainFieldText, RichFieldText, type FieldTerms } from "./field-text";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "./icons";
import { fieldKey } from "./field-keys";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";
import { OPENING_STATE_ID } from "./first-view-handoff";

/**
 * The id of an element at the end of the first view, after the side column's
 * sources panel (the last of it in the page): the page holds its first
 * rendering until the browser has read the first view that far
 * (`FirstViewRenderBlock`), the panel included, never painted with a source cut short.
 */
export const FIRST_VIEW_END = "first-view-end";

/**
 * Holds the page's first rendering until the first view is read in full
 * (`<link rel="expect" blocking="render">`, put in the document's head), as
 * a page's styles hold it. Otherwise a long check could be painted while its
 * HTML was still arriving, a paragraph cut short: the browser records a
 * paragraph's size at its first paint, so the editor's drawing of that same
 * paragraph, whole, a moment later counted as the page's largest paint, and
 * that paint waited for the editing engine. The browser lets the rendering go
 * at the end of the document if the element never comes.
 */
export function FirstViewRenderBlock() {
  return <link rel="expect" href={`#${FIRST_VIEW_END}`} blocking="render" />;
}

function PlainText({ field, text, placeholder, className }: { field: FieldTerms; text: string; placeholder: string; className: string }) {
  return (
    <div className={styles.plainTextField}>
      <FieldTextBox field={field} readOnly multiline={false} className={`${styles.plainText} ${className}`}>
        <PlainFieldText text={text} placeholder={placeholder} />
      </FieldTextBox>
      <p className={styles.counter} hidden />
    </div>
  );
}

function LabelledPlainText({ label, field, className, fieldClassName, ...rest }: { label: string; field: Omit<FieldTerms, "labelledBy">; text: string; placeholder: string; className: string; fieldClassName?: string }) {
  const labelledBy = `${field.id}-label`;
  return (
    <div className={`${styles.field} ${fieldClassName ?? ""}`}>
      <span id={labelledBy} className={styles.label}>
        {label}
      </span>
      <PlainText field={{ ...field, labelledBy }} className={className} {...rest} />
    </div>
  );
}

function RichText({ field, doc, placeholder, readOnly, numbers }: { field: FieldTerms; doc: RichDoc; placeholder: string; readOnly: boolean; numbers: Map<string, number> }) {
  return (
    <div className={styles.richField} data-readonly={readOnly || undefined}>
      {readOnly ? null : (
        // The toolbar's room, so that nothing moves when the editor arrives.
        <div className={styles.toolbar} aria-hidden="true">
          <span className={styles.toolButton} />
        </div>
      )}
      <div className={styles.editorContent}>
        <FieldTextBox field={field} readOnly multiline className={styles.prose}>
          <RichFieldText doc={doc} placeholder={placeholder} look={(sourceId) => ({ n: numbers.get(sourceId) })} />
        </FieldTextBox>
      </div>
    </div>
  );
}

/** Move and delete's room beside a row, inert until the editor is there. */
function RowControlsRoom({ className, isFirst, isLast }: { className: string; isFirst: boolean; isLast: boolean }) {
  return (
    <div className={className} aria-hidden="true">
      <span className={styles.iconButton} aria-disabled={isFirst || undefined}>
        <ArrowUpIcon />
      </span>
      <span className={styles.iconButton} aria-disabled={isLast || undefined}>
        <ArrowDownIcon />
      </span>
      <span className={`${styles.iconButton} ${styles.iconButtonDanger}`}>
        <TrashIcon />
      </span>
    </div>
  );
}

/**
 * The editor's main column below its header, as the server draws it: the
 * question, topic, summary, claim, sections and related questions.
 */
export function EditorFirstView({ content, readOnly, verdicts, sources }: { content: LiveContent; readOnly: boolean; verdicts: VerdictScale; sources: CitedSource[] }) {
  const { numbers, order } = numberCitations(content);
  const verdict = content.verdict ?? "";
  const known = findVerdict(verdicts, verdict);
  return (
    <>
      <LabelledPlainText label="Question" field={{ fieldKey: fieldKey.question, id: "fact-check-question" }} text={content.question} placeholder="The question readers ask" className={styles.questionInput} />
      <LabelledPlainText label="Topic" field={{ fieldKey: fieldKey.topic, id: "fact-check-topic" }} text={content.topic ?? ""} placeholder="e.g. Health" className={styles.topicInput} fieldClassName={styles.topicField} />

      <EditorBlock block="summary">
        <RichText field={{ fieldKey: fieldKey.summary, id: "fact-check-summary", labelledBy: "fact-check-summary-label" }} doc={content.summary} placeholder="Summarize what the evidence shows…" readOnly={readOnly} numbers={numbers} />
      </EditorBlock>

      <EditorBlock block="claim">
        <LabelledPlainText label="Claim reviewed" field={{ fieldKey: fieldKey.claimReviewed, id: "fact-check-claim-reviewed" }} text={content.claimReviewed ?? ""} placeholder="The claim as it was made" className={styles.topicInput} />
        <div className={`${styles.field} ${styles.verdictField}`}>
          <label htmlFor="fact-check-verdict" className={styles.label}>
            Verdict
          </label>
          <select id="fact-check-verdict" defaultValue={verdict} disabled aria-describedby="fact-check-verdict-hint">
            <option value={verdict}>{verdict || "No verdict yet"}</option>
          </select>
          <span id="fact-check-verdict-hint" className={styles.hint}>
            {verdictHint(known, verdicts)}
          </span>
        </div>
        <LabelledPlainText label="Where the claim appeared" field={{ fieldKey: fieldKey.claimAppearance, id: "fact-check-claim-appearance" }} text={content.claimAppearance ?? ""} placeholder="https://… (the post, article or video)" className={styles.topicInput} />
      </EditorBlock>

      <EditorBlock block="sections">
        {content.sections.length ? (
          <ol className={styles.sectionList}>
            {content.sections.map((section, index) => (
              <li key={section.id} className={styles.section} data-section-id={section.id}>
                <div className={styles.sectionHeader}>
                  <span className={styles.sectionNumber} aria-hidden="true">
                    {index + 1}.
                  </span>
                  <div className={styles.sectionHeadingField}>
                    <span id={`section-${section.id}-heading-label`} className="visually-hidden">
                      Section {index + 1} heading
                    </span>
                    <PlainText
                      field={{ fieldKey: fieldKey.sectionHeading(section.id), id: `section-${section.id}-heading`, labelledBy: `section-${section.id}-heading-label` }}
                      text={section.heading}
                      placeholder="Section heading"
                      className={styles.sectionHeading}
                    />
                  </div>
                  {readOnly ? null : <RowControlsRoom className={styles.sectionActions} isFirst={index === 0} isLast={index === content.sections.length - 1} />}
                </div>
                <span id={`section-${section.id}-body-label`} className="visually-hidden">
                  Section {index + 1} body
                </span>
                <RichText
                  field={{ fieldKey: fieldKey.sectionBody(section.id), id: `section-${section.id}-body`, labelledBy: `section-${section.id}-body-label` }}
                  doc={section.body}
                  placeholder="Write this section…"
                  readOnly={readOnly}
                  numbers={numbers}
                />
              </li>
            ))}
          </ol>
        ) : (
          <p className={styles.emptyHint}>No sections yet. Each section answers one part of the question.</p>
        )}
        {readOnly ? null : (
          <span className={`btn ${styles.addButton}`} aria-hidden="true">
            <PlusIcon /> Add section
          </span>
        )}
        {content.sections.length >= LIMITS.sections && !readOnly ? <p className={styles.hint}>A check can have at most {LIMITS.sections} sections.</p> : null}
      </EditorBlock>

      <EditorBlock block="related">
        {content.relatedQuestions.length ? (
          <ol className={styles.relatedList}>
            {content.relatedQuestions.map((question, index) => (
              <li key={question.id} className={styles.relatedItem} data-related-id={question.id}>
                <div className={styles.relatedRow}>
                  <span id={`related-${question.id}-label`} className="visually-hidden">
                    Related question {index + 1}
                  </span>
                  <PlainText
                    field={{ fieldKey: fieldKey.related(question.id), id: `related-${question.id}`, labelledBy: `related-${question.id}-label` }}
                    text={question.text}
                    placeholder="A question readers may ask next"
                    className={styles.relatedInput}
                  />
                  {readOnly ? null : <RowControlsRoom className={styles.rowActions} isFirst={index === 0} isLast={index === content.relatedQuestions.length - 1} />}
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className={styles.emptyHint}>No related questions yet.</p>
        )}
        {readOnly ? null : (
          <span className={`btn ${styles.addButton}`} aria-hidden="true">
            <PlusIcon /> Add related question
          </span>
        )}
      </EditorBlock>

      <div className={citationStyles.mainPanel}>
        <FirstViewSources headingId="check-sources-main" order={order} sources={sources} />
      </div>
    </>
  );
}

/** Base64's alphabet only: nothing in it can end the data block or be read as markup. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The stored live state the editor opens on (`OPENING_STATE_ID`), as a data
 * block the browser neither runs nor parses: text its HTML parser passes by,
 * after the main column's fields.
 */
function OpeningStateBlock({ state }: { state: string }) {
  if (!BASE64.test(state)) throw new Error("The opening state is not base64");
  return <script type="application/octet-stream" id={OPENING_STATE_ID} dangerouslySetInnerHTML={{ __html: state }} />;
}

/**
 * The first view's two parts: the main column's fields (with the live state
 * to open on, `state`, in a data block after them), and the side column's
 * sources panel, which ends the first view (`FIRST_VIEW_END`).
 */
export function firstViewOf({ state, ...props }: { content: LiveContent; state: string; readOnly: boolean; verdicts: VerdictScale; sources: CitedSource[] }): { main: ReactNode; sources: ReactNode } {
  return {
    main: (
      <>
        <EditorFirstView {...props} />
        <OpeningStateBlock state={state} />
      </>
    ),
    sources: (
      <>
        <FirstViewSources headingId="check-sources-side" order={numberCitations(props.content).order} sources={props.sources} />
        <span id={FIRST_VIEW_END} hidden />
      </>
    ),
  };
}

/** The sources panel as the editor will show it; a source the page did not bring says "Loading…" until then. */
export function FirstViewSources({ headingId, order, sources }: { headingId: string; order: string[]; sources: CitedSource[] }) {
  return <SourcesPanelView headingId={headingId} order={order} sources={new Map(sources.map((s) => [s.id, s]))} missing={new Set<string>()} />;
}
