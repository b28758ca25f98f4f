"use client";

import type { Editor } from "@tiptap/react";
import { type ReactNode, useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type ChangeEvent } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { LIMITS } from "@/lib/document";
import type { FactCheckDto } from "@/lib/server/fact-checks";
import { decideBoot, type Boot } from "./boot";
import { CitationProvider, useCitations, type CitedSource } from "./citation-context";
import { CitationPicker } from "./citation-picker";
import { CitationSourcesPanel } from "./citation-sources-panel";
import { ConflictDialog } from "./conflict-dialog";
import { emptyEditorDoc, fieldKey, toPlainText, type DraftData, type DraftRelated, type DraftSection } from "./draft-data";
import { FieldError, errorIdFor } from "./field-error";
import { clearLocalDraft } from "./local-draft";
import { RelatedQuestions, relatedInputId } from "./related-questions";
import { RichTextField } from "./rich-text-field";
import { SaveStatus } from "./save-status";
import { SectionList, sectionHeadingId } from "./section-list";
import { ShortcutHelp } from "./shortcut-help";
import { UndoBar } from "./undo-bar";
import { useAnnouncer } from "./use-announcer";
import { useAutosave } from "./use-autosave";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

const STATUS_NOTES: Record<FactCheckDto["status"], string> = {
  draft: "",
  in_review: "This check is in review, so it cannot be edited now.",
  approved: "This check is approved and waits to be published, so it cannot be edited now.",
  published: "This check is published. Start a refresh to edit it.",
};

const QUESTION_ID = "fact-check-question";
const TOPIC_ID = "fact-check-topic";
const SUMMARY_ID = "fact-check-summary";
const ADD_SECTION_ID = "fact-check-add-section";

function newId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; same shape from getRandomValues otherwise.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The writer's editor for one fact-check. Everything typed is saved automatically. */
export function FactCheckEditor({
  initial,
  aside,
  headerActions,
  sources = [],
}: {
  initial: FactCheckDto;
  /** Shown in the side column (the review panel). */
  aside?: ReactNode;
  /** Shown at the end of the header (Share). */
  headerActions?: ReactNode;
  /** The sources the check cites, loaded with it (citation numbers and the sources panel). */
  sources?: CitedSource[];
}) {
  // Local edits live in localStorage, which only the browser can read: decide
  // what to start from after mounting, then build the editor once.
  const [boot, setBoot] = useState<Boot | null>(null);
  // Once per mount, from `initial` as it is then: later renders of `initial` must not reset the work.
  const decide = useEffectEvent(() => decideBoot(initial));
  useEffect(() => {
    let live = true;
    decide().then((decided) => live && setBoot(decided));
    return () => {
      live = false;
    };
  }, []);

  if (!boot) {
    return (
      <div className={styles.loading} aria-busy="true">
        <p className={styles.eyebrow}>Edit fact-check</p>
        <p className={styles.loadingTitle}>{initial.question}</p>
        <p className={styles.hint}>Opening the editor…</p>
      </div>
    );
  }
  return (
    <CitationProvider initialSources={sources}>
      <EditorWorkspace initial={initial} boot={boot} aside={aside} headerActions={headerActions} />
    </CitationProvider>
  );
}

type Pending =
  | { kind: "section"; item: DraftSection; index: number; message: string }
  | { kind: "related"; item: DraftRelated; index: number; message: string };

/** Said before the first edit of a check in review or approved: saving withdraws the review (lib/server/workflow.ts). */
const WITHDRAW_NOTES: Partial<Record<FactCheckDto["status"], string>> = {
  in_review: "This check is in review: editing will withdraw it from review (and any approvals).",
  approved: "This check is approved: editing will withdraw the approvals and send it back to draft.",
};

function EditorWorkspace({
  initial,
  boot,
  aside,
  headerActions,
}: {
  initial: FactCheckDto;
  boot: Boot;
  aside?: ReactNode;
  headerActions?: ReactNode;
}) {
  const checkId = initial.id;
  // The status as the server last reported it (a first save may withdraw a review).
  const [liveStatus, setLiveStatus] = useState(initial.status);
  const withdrawNote = WITHDRAW_NOTES[liveStatus];
  const [editAnyway, setEditAnyway] = useState(false);
  const editable = liveStatus === "draft" || (!!withdrawNote && editAnyway);

  const [question, setQuestion] = useState(boot.data.question);
  const [topic, setTopic] = useState(boot.data.topic);
  const [sections, setSections] = useState(boot.data.sections);
  const [related, setRelated] = useState(boot.data.relatedQuestions);
  const [summaryInitial] = useState(boot.data.summary);
  const [undo, setUndo] = useState<Pending | null>(null);
  const { announcement, announce } = useAnnouncer();

  // The latest values for callbacks that must stay stable (memoized rows).
  const latest = useRef({ question, topic, sections, related });
  useLayoutEffect(() => {
    latest.current = { question, topic, sections, related };
  });
  const editors = useRef(new Map<string, Editor>());
  const focusAfterRender = useRef<string | Element | null>(null);

  const getData = useCallback((): DraftData => {
    const { question, topic, sections, related } = latest.current;
    const live = (key: string) => editors.current.get(key)?.getJSON();
    return {
      question,
      topic,
      summary: live(fieldKey.summary) ?? summaryInitial,
      sections: sections.map((s) => ({ id: s.id, heading: s.heading, body: live(fieldKey.sectionBody(s.id)) ?? s.body })),
      relatedQuestions: related,
    };
  }, [summaryInitial]);

  const describeField = useCallback((key: string): string => {
    if (key === fieldKey.question) return "Question";
    if (key === fieldKey.topic) return "Topic";
    if (key === fieldKey.summary) return "Executive summary";
    const [kind, id, part] = key.split(":");
    if (kind === "section") {
      const n = latest.current.sections.findIndex((s) => s.id === id) + 1;
      return `Section ${n} ${part}`;
    }
    if (kind === "related") return `Related question ${latest.current.related.findIndex((q) => q.id === id) + 1}`;
    return "This change";
  }, []);

  const autosave = useAutosave({
    checkId,
    draftKey: boot.draftKey,
    initialVersion: initial.version,
    getData,
    startDirty: boot.restored,
    enabled: editable && !boot.staleLocal,
    describeField,
    onSaved: useCallback((saved: FactCheckDto) => setLiveStatus(saved.status), []),
  });
  const { markChanged, clearFieldError, fieldErrors, status } = autosave;
  const conflict = status.kind === "conflict" || boot.staleLocal !== null;
  const readOnly = !editable || conflict;

  const changed = useCallback(
    (key?: string) => {
      if (key) clearFieldError(key);
      markChanged();
    },
    [clearFieldError, markChanged],
  );

  // Focus follows moved, added and restored rows.
  useLayoutEffect(() => {
    const target = focusAfterRender.current;
    if (!target) return;
    focusAfterRender.current = null;
    const el = typeof target === "string" ? document.getElementById(target) : target;
    if (!el || !el.isConnected) return;
    const editor = [...editors.current.values()].find((e) => !e.isDestroyed && e.view.dom.contains(el));
    if (editor) editor.commands.focus();
    else if (document.activeElement !== el) (el as HTMLElement).focus();
    (el as HTMLElement).scrollIntoView?.({ block: "nearest" });
  });

  // Citation numbers follow every rich-text field, in reading order (citation-context.tsx).
  const citations = useCitations();
  const registerCitations = citations?.registerEditor;
  const setCitationOrder = citations?.setFieldOrder;
  useLayoutEffect(() => {
    setCitationOrder?.([fieldKey.summary, ...sections.map((s) => fieldKey.sectionBody(s.id))]);
  }, [sections, setCitationOrder]);

  const onEditor = useCallback(
    (key: string, editor: Editor | null) => {
      if (editor) editors.current.set(key, editor);
      else editors.current.delete(key);
      registerCitations?.(key, editor);
    },
    [registerCitations],
  );

  // --- Question and topic -------------------------------------------------

  // The question wraps like a title. CSS field-sizing does this where supported.
  const questionRef = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = questionRef.current;
    if (!el || CSS.supports?.("field-sizing", "content")) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  }, [question]);

  const onQuestion = (event: ChangeEvent<HTMLTextAreaElement>) => {
    // The question is one line; pasted line breaks become spaces.
    setQuestion(event.target.value.replace(/[\r\n]+/g, " "));
    changed(fieldKey.question);
  };
  const onTopic = (event: ChangeEvent<HTMLInputElement>) => {
    setTopic(event.target.value);
    changed(fieldKey.topic);
  };

  // --- Sections -----------------------------------------------------------

  const onHeadingChange = useCallback(
    (id: string, heading: string) => {
      setSections((list) => list.map((s) => (s.id === id ? { ...s, heading } : s)));
      changed(fieldKey.sectionHeading(id));
    },
    [changed],
  );

  const onMoveSection = useCallback(
    (id: string, delta: -1 | 1) => {
      const list = latest.current.sections;
      const from = list.findIndex((s) => s.id === id);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= list.length) return;
      const next = [...list];
      [next[from], next[to]] = [next[to], next[from]];
      latest.current.sections = next;
      setSections(next);
      focusAfterRender.current = document.activeElement;
      announce(`Section moved to position ${to + 1}`);
      changed();
    },
    [announce, changed],
  );

  const onDeleteSection = useCallback(
    (id: string) => {
      const list = latest.current.sections;
      const index = list.findIndex((s) => s.id === id);
      if (index < 0) return;
      const live = editors.current.get(fieldKey.sectionBody(id))?.getJSON();
      const item = { ...list[index], body: live ?? list[index].body };
      const next = list.filter((s) => s.id !== id);
      latest.current.sections = next;
      setSections(next);
      const message = `Section ${index + 1}${item.heading.trim() ? ` (“${item.heading.trim()}”)` : ""} deleted.`;
      setUndo({ kind: "section", item, index, message });
      announce(`${message} Undo is available.`);
      clearFieldError(fieldKey.sectionHeading(id));
      clearFieldError(fieldKey.sectionBody(id));
      changed();
    },
    [announce, changed, clearFieldError],
  );

  const onAddSection = useCallback(() => {
    const id = newId();
    const next = [...latest.current.sections, { id, heading: "", body: emptyEditorDoc() }];
    latest.current.sections = next;
    setSections(next);
    focusAfterRender.current = sectionHeadingId(id);
    announce(`Section ${next.length} added`);
    changed();
  }, [announce, changed]);

  // --- Related questions --------------------------------------------------

  const onRelatedChange = useCallback(
    (id: string, text: string) => {
      setRelated((list) => list.map((q) => (q.id === id ? { ...q, text } : q)));
      changed(fieldKey.related(id));
    },
    [changed],
  );

  const onMoveRelated = useCallback(
    (id: string, delta: -1 | 1) => {
      const list = latest.current.related;
      const from = list.findIndex((q) => q.id === id);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= list.length) return;
      const next = [...list];
      [next[from], next[to]] = [next[to], next[from]];
      latest.current.related = next;
      setRelated(next);
      focusAfterRender.current = document.activeElement;
      announce(`Related question moved to position ${to + 1}`);
      changed();
    },
    [announce, changed],
  );

  const onRemoveRelated = useCallback(
    (id: string) => {
      const list = latest.current.related;
      const index = list.findIndex((q) => q.id === id);
      if (index < 0) return;
      const item = list[index];
      const next = list.filter((q) => q.id !== id);
      latest.current.related = next;
      setRelated(next);
      clearFieldError(fieldKey.related(id));
      if (item.text.trim()) {
        const message = `Related question ${index + 1} removed.`;
        setUndo({ kind: "related", item, index, message });
        announce(`${message} Undo is available.`);
      } else {
        focusAfterRender.current = next[Math.min(index, next.length - 1)]
          ? relatedInputId(next[Math.min(index, next.length - 1)].id)
          : null;
        announce(`Related question ${index + 1} removed.`);
      }
      changed();
    },
    [announce, changed, clearFieldError],
  );

  const onAddRelated = useCallback(() => {
    if (latest.current.related.length >= LIMITS.relatedQuestions) return;
    const id = newId();
    const next = [...latest.current.related, { id, text: "" }];
    latest.current.related = next;
    setRelated(next);
    focusAfterRender.current = relatedInputId(id);
    changed();
  }, [changed]);

  // --- Undo ---------------------------------------------------------------

  const onUndo = () => {
    if (!undo) return;
    if (undo.kind === "section") {
      const list = [...latest.current.sections];
      const at = Math.min(undo.index, list.length);
      list.splice(at, 0, undo.item);
      setSections(list);
      focusAfterRender.current = sectionHeadingId(undo.item.id);
      announce(`Section ${at + 1} restored`);
    } else {
      const list = [...latest.current.related];
      const at = Math.min(undo.index, list.length);
      list.splice(at, 0, undo.item);
      setRelated(list);
      focusAfterRender.current = relatedInputId(undo.item.id);
      announce(`Related question ${at + 1} restored`);
    }
    setUndo(null);
    changed();
  };

  const onUndoExpire = (hadFocus: boolean) => {
    if (hadFocus && undo) {
      // Put focus back where the removed row was.
      if (undo.kind === "section") {
        const list = latest.current.sections;
        const near = list[Math.min(undo.index, list.length - 1)];
        focusAfterRender.current = near ? sectionHeadingId(near.id) : ADD_SECTION_ID;
      } else {
        const list = latest.current.related;
        const near = list[Math.min(undo.index, list.length - 1)];
        focusAfterRender.current = near ? relatedInputId(near.id) : QUESTION_ID;
      }
    }
    setUndo(null);
  };

  // --- Status actions -----------------------------------------------------

  const showField = (key: string) => {
    const [kind, id, part] = key.split(":");
    const target =
      key === fieldKey.question ? QUESTION_ID
      : key === fieldKey.topic ? TOPIC_ID
      : key === fieldKey.summary ? SUMMARY_ID
      : kind === "section" && part === "heading" ? sectionHeadingId(id)
      : kind === "section" ? `section-${id}-body`
      : kind === "related" ? relatedInputId(id)
      : null;
    const el = target ? document.getElementById(target) : null;
    if (!el) return;
    const editor = editors.current.get(key);
    if (editor) editor.commands.focus();
    else el.focus();
    el.scrollIntoView({ block: "center" });
  };

  // Read when the writer asks for it: the editors hold the text, not React state.
  const unsavedText = useCallback(() => toPlainText(boot.staleLocal ?? getData()), [boot.staleLocal, getData]);

  const discardAndReload = () => {
    autosave.discard();
    if (boot.staleKey) clearLocalDraft(boot.staleKey);
    window.location.reload();
  };

  const previewHref = `/desk/fact-checks/${encodeURIComponent(checkId)}/preview`;

  return (
    <div className={styles.workspace}>
      <div className={styles.mainColumn}>
        <header className={styles.editorHeader}>
          <h1 className={styles.eyebrow}>{editable ? "Edit fact-check" : "Fact-check (read only)"}</h1>
          <StatusBadge status={liveStatus} />
          {headerActions ? <div className={styles.headerActions}>{headerActions}</div> : null}
        </header>

        {withdrawNote ? (
          <div className={styles.readOnlyNote} role="note">
            <p>{editAnyway ? "Your first saved change withdraws the review; the reviewers are told." : withdrawNote}</p>
            {editAnyway ? null : (
              <button type="button" className="btn btn-small" onClick={() => setEditAnyway(true)}>
                Edit anyway
              </button>
            )}
          </div>
        ) : STATUS_NOTES[liveStatus] ? (
          <p className={styles.readOnlyNote} role="note">
            {STATUS_NOTES[liveStatus]}
          </p>
        ) : null}

        <div className={styles.field}>
          <label htmlFor={QUESTION_ID} className={styles.label}>
            Question
          </label>
          <textarea
            ref={questionRef}
            id={QUESTION_ID}
            className={styles.questionInput}
            value={question}
            rows={1}
            maxLength={LIMITS.question}
            placeholder="The question readers ask"
            readOnly={readOnly}
            aria-invalid={fieldErrors[fieldKey.question] ? true : undefined}
            aria-describedby={fieldErrors[fieldKey.question] ? errorIdFor(fieldKey.question) : undefined}
            onChange={onQuestion}
            onKeyDown={(event) => {
              if (event.key === "Enter") event.preventDefault();
            }}
          />
          <FieldError fieldKey={fieldKey.question} message={fieldErrors[fieldKey.question]} />
        </div>

        <div className={`${styles.field} ${styles.topicField}`}>
          <label htmlFor={TOPIC_ID} className={styles.label}>
            Topic
          </label>
          <input
            id={TOPIC_ID}
            className={styles.topicInput}
            type="text"
            value={topic}
            maxLength={LIMITS.topic}
            placeholder="e.g. Health"
            readOnly={readOnly}
            aria-invalid={fieldErrors[fieldKey.topic] ? true : undefined}
            aria-describedby={fieldErrors[fieldKey.topic] ? errorIdFor(fieldKey.topic) : undefined}
            onChange={onTopic}
          />
          <FieldError fieldKey={fieldKey.topic} message={fieldErrors[fieldKey.topic]} />
        </div>

        <section className={styles.block} aria-labelledby="fact-check-summary-label">
          <h2 id="fact-check-summary-label" className={styles.blockTitle}>
            Executive summary
          </h2>
          <p className={styles.hint} id="fact-check-summary-hint">
            The short answer readers see first.
          </p>
          <RichTextField
            fieldKey={fieldKey.summary}
            id={SUMMARY_ID}
            label="Executive summary"
            labelledBy="fact-check-summary-label"
            describedBy={
              fieldErrors[fieldKey.summary]
                ? `fact-check-summary-hint ${errorIdFor(fieldKey.summary)}`
                : "fact-check-summary-hint"
            }
            invalid={!!fieldErrors[fieldKey.summary]}
            initialContent={summaryInitial}
            placeholder="Summarize what the evidence shows…"
            readOnly={readOnly}
            onChange={changed}
            onEditor={onEditor}
          />
          <FieldError fieldKey={fieldKey.summary} message={fieldErrors[fieldKey.summary]} />
        </section>

        <section className={styles.block} aria-labelledby="fact-check-sections-label">
          <h2 id="fact-check-sections-label" className={styles.blockTitle}>
            Sections
          </h2>
          <SectionList
            sections={sections}
            errors={fieldErrors}
            readOnly={readOnly}
            onHeadingChange={onHeadingChange}
            onBodyChange={changed}
            onEditor={onEditor}
            onMove={onMoveSection}
            onDelete={onDeleteSection}
            onAdd={onAddSection}
            addButtonId={ADD_SECTION_ID}
          />
        </section>

        <section className={styles.block} aria-labelledby="fact-check-related-label">
          <h2 id="fact-check-related-label" className={styles.blockTitle}>
            Want to dive deeper?
          </h2>
          <p className={styles.hint}>Related questions readers may ask next, in the order they will see them.</p>
          <RelatedQuestions
            questions={related}
            errors={fieldErrors}
            readOnly={readOnly}
            onChange={onRelatedChange}
            onMove={onMoveRelated}
            onRemove={onRemoveRelated}
            onAdd={onAddRelated}
          />
        </section>

        <div className={citationStyles.mainPanel}>
          <CitationSourcesPanel headingId="check-sources-main" />
        </div>

        {fieldErrors._form ? (
          <p className={styles.formError} role="alert">
            {fieldErrors._form}
          </p>
        ) : null}
      </div>

      <aside className={styles.sideColumn} aria-label="Saving and actions">
        <div className={styles.sideSticky}>
          <SaveStatus status={status} onRetry={autosave.retry} onShowField={showField} />
          {boot.restored ? (
            <p className={styles.restoredNote}>Restored changes from this browser that had not reached the server.</p>
          ) : null}
          <a
            className={`btn ${styles.previewLink}`}
            href={previewHref}
            target="_blank"
            rel="noopener"
            onClick={() => autosave.flush()}
          >
            Preview<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          {readOnly ? null : <ShortcutHelp />}
        </div>
        <div className={citationStyles.sidePanel}>
          <CitationSourcesPanel headingId="check-sources-side" />
        </div>
        {aside}
      </aside>

      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>

      {undo ? (
        // A new deletion replaces the bar (and restarts its time) even if the message reads the same.
        <UndoBar key={undo.item.id} message={undo.message} onUndo={onUndo} onExpire={onUndoExpire} />
      ) : null}

      <CitationPicker />

      {conflict ? <ConflictDialog getUnsavedText={unsavedText} onDiscardAndReload={discardAndReload} /> : null}
    </div>
  );
}
