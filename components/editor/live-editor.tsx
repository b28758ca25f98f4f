"use client";

import type { Editor } from "@tiptap/react";
import { useRouter } from "next/navigation";
import { type KeyboardEvent as ReactKeyboardEvent, lazy, startTransition, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import type * as Y from "yjs";
import { citationLocations } from "@/lib/citations";
import { deleteEntry, docToContent, fieldFragment, insertRelatedQuestion, insertSection, moveEntry, plainTextOf } from "@/lib/collab/document";
import { isDocEmpty, LIMITS } from "@/lib/rich-doc";
import type { VerdictScale } from "@/lib/verdicts";
import { CitationProvider, useCitations } from "./citation-context";
import { citationsOfDoc } from "./opening-citations";
import { CitationPickerLoading } from "./citation-picker-loading";
import { CitationSourcesPanel } from "./citation-sources-panel";
import { ClaimFields } from "./claim-fields";
import type { EditorCheck, EditorSlots, LiveEditorProps } from "./editor-types";
import { EditorBlock } from "./editor-block";
import { FieldError, errorIdFor } from "./field-error";
import { FIRST_VIEW_FIELD, makeEditorsOnFocus, type FirstInput } from "./first-input";
import { drawnOpeningState } from "./first-view-handoff";
import { takeOver } from "./take-over";
import { fieldKey, fieldKeyForPath, isRichField, richFieldOrder } from "./field-keys";
import { colorFor, LiveCheck, type LiveState } from "./live-check";
import { MountQueue, MountQueueProvider } from "./mount-queue";
import { LabelledPlainTextField } from "./plain-text-field";
import { PresenceList } from "./presence";
import { RelatedQuestions, relatedInputId } from "./related-questions";
import { RichTextField } from "./rich-text-field";
import { SaveStatus } from "./save-status";
import { firstViewSectionSizes, SectionList, sectionHeadingId } from "./section-list";
import { UndoBar } from "./undo-bar";
import { useAnnouncer } from "./use-announcer";
import { useLiveList, usePresence } from "./use-live";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

/** The engine's last step (engine-base.ts): its marker, by which the build finds its files. */
export const ENGINE_STEP = "factdesk-engine-step:editor";

// Loaded when first asked for: most openings of the editor cite nothing.
const CitationPicker = lazy(() => import("./citation-picker").then((m) => ({ default: m.CitationPicker })));


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

/** What the side panels show of the check's content, as a string to compare. */
function panelKey(doc: Y.Doc): string {
  const content = docToContent(doc);
  return JSON.stringify([
    content.sections.map((section) => [section.id, section.heading]),
    citationLocations(content),
    isDocEmpty(content.summary),
    content.claimReviewed ?? null,
    content.verdict ?? null,
  ]);
}

const STARTING: LiveState = { connection: "connecting", access: null, ready: false, unsynced: 0, stored: null, refusal: null, notStored: false, pending: false, comments: 0 };
const noSubscription = () => () => {};

/**
 * The editor of one fact-check, shared live with everyone else who has it
 * open: every field is a part of the check's live document (live-check.ts),
 * which the server stores. Typing, presence, carets and undo never wait for
 * the network; offline, edits are kept in this browser and merge on return.
 * The editing engine's side of the page, loaded on first use (fact-check-editor.tsx).
 */
export function LiveEditor({ initial, me, sources, verdicts, opening, hasFirstView, firstInput, slots, onAccess, onOpen }: LiveEditorProps) {
  const [live, setLive] = useState<LiveCheck | null>(null);
  useEffect(() => {
    // The page's HTML carries the stored state beside the first view (first-view-handoff.ts), while it is there.
    const state = hasFirstView ? drawnOpeningState() : null;
    const check = new LiveCheck(initial.id, { id: me.id, name: me.name, color: colorFor(me.id) }, opening ? { access: opening.access, state } : null);
    // The connection exists in the browser only, from mount to unmount: the state hands it to the render.
    // A transition: React renders the editor's fields (some 90 for a check of 40 sections) in slices,
    // letting the browser paint and take input between them, and puts them in the page in one commit.
    startTransition(() => setLive(check));
    return () => check.destroy();
    // The opening state is read once, when the check is opened; a new one (a refresh of the page) changes nothing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial.id, me.id, me.name]);
  const state = useSyncExternalStore(live?.subscribe ?? noSubscription, live?.getState ?? (() => STARTING), () => STARTING);
  useEffect(() => onAccess(state.access), [state.access, onAccess]);
  // The first view gives way in the commit that puts the fields in its place: never both, never neither.
  const open = live !== null && state.ready;
  useLayoutEffect(() => {
    if (open) onOpen();
  }, [open, onOpen]);
  // …and, opened on the page's state, connects once the fields are there (live-check.ts).
  useEffect(() => {
    if (open && live) live.connect();
  }, [open, live]);

  // Read once, as the editor opens (the provider keeps its first).
  const citationsAtOpening = useMemo(() => (live && state.ready ? citationsOfDoc(live.doc) : undefined), [live, state.ready]);

  if (!live || !state.ready) {
    const hint =
      state.access === "denied"
        ? "You can no longer open this check."
        : state.connection === "offline"
          ? "Offline, and this browser has no copy of this check yet. It opens when the connection is back."
          : hasFirstView
            ? null
            : "Opening the editor…";
    return (
      <>
        {hint ? (
          <p className={styles.hint} role="status">
            {hint}
          </p>
        ) : null}
        {slots.status ? createPortal(<SaveStatus state={state} firstField={null} onShowField={noShow} />, slots.status) : null}
      </>
    );
  }
  return (
    <CitationProvider initialSources={sources} opening={citationsAtOpening}>
      <EditorWorkspace initial={initial} live={live} state={state} verdicts={verdicts} firstInput={firstInput} slots={slots} />
    </CitationProvider>
  );
}

const noShow = () => {};

function EditorWorkspace({
  initial,
  live,
  state,
  verdicts,
  firstInput,
  slots,
}: {
  initial: EditorCheck;
  verdicts: VerdictScale;
  live: LiveCheck;
  state: LiveState;
  firstInput: FirstInput;
  slots: EditorSlots;
}) {
  const router = useRouter();
  const readOnly = state.access !== "write";
  const sectionIds = useLiveList(live.doc, "sections");
  const relatedIds = useLiveList(live.doc, "relatedQuestions");
  const people = usePresence(live);
  const [undo, setUndo] = useState<{ message: string; id: string } | null>(null);
  const { announcement, announce } = useAnnouncer();
  const editors = useRef(new Map<string, Editor>());
  const focusAfterRender = useRef<string | Element | null>(null);
  // The fields' editors are made a few at a time as the check opens (mount-queue.tsx).
  const [mountQueue] = useState(() => new MountQueue());
  // Read as the fields take the first view's place, once: its sections' heights (section-list.tsx).
  const [sectionSizes] = useState(firstViewSectionSizes);

  // The server decides who may write; when that changes (a submit, a refresh), the page's status follows;
  // so do the comments beside the editor when someone adds or resolves one.
  const access = state.access;
  const firstAccess = useRef(access);
  useEffect(() => {
    if (access !== firstAccess.current) router.refresh();
  }, [access, router]);
  useEffect(() => {
    if (state.comments > 0) router.refresh();
  }, [state.comments, router]);
  // …and so do the panels that read the stored check ("Before approval", the places to comment on)
  // when a store writes what they show: sections and their headings and citations, the summary, the claim.
  // Read at each store, never per keystroke; typing inside a paragraph refreshes nothing.
  const storedVersion = state.stored?.version;
  const shownPanels = useRef<string | null>(null);
  useEffect(() => {
    const key = panelKey(live.doc);
    if (shownPanels.current === null) shownPanels.current = key;
    if (storedVersion === undefined || storedVersion === initial.version || key === shownPanels.current) return;
    shownPanels.current = key;
    router.refresh();
  }, [storedVersion, initial.version, live, router]);

  const fieldErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    const refusal = state.refusal;
    if (!refusal) return errors;
    for (const [path, message] of Object.entries(refusal.fields)) errors[fieldKeyForPath(path, refusal)] ??= message;
    if (Object.keys(errors).length === 0) errors[fieldKey.form] = refusal.message;
    return errors;
  }, [state.refusal]);
  const firstField = Object.keys(fieldErrors).find((key) => key !== fieldKey.form) ?? null;

  // Focus follows moved and added rows.
  useLayoutEffect(() => {
    const target = focusAfterRender.current;
    if (!target) return;
    const el = typeof target === "string" ? document.getElementById(target) : target;
    if (!el || !el.isConnected) return;
    focusAfterRender.current = null;
    const editor = [...editors.current.values()].find((e) => !e.isDestroyed && e.view.dom.contains(el));
    if (editor) editor.commands.focus();
    else if (document.activeElement !== el) (el as HTMLElement).focus();
    (el as HTMLElement).scrollIntoView?.({ block: "nearest" });
  });

  // A field focused before its editor is made (its stand-in, or the first view's field before the engine) gets it now;
  // one whose field never gets an editor (someone deleted it meanwhile) is let go: keys are the page's again.
  useEffect(() => makeEditorsOnFocus(firstInput, (key) => mountQueue.makeNow(key)), [firstInput, mountQueue]);
  useEffect(() => () => mountQueue.destroy(), [mountQueue]);

  // Citation numbers follow every rich-text field, in reading order (citation-context.tsx).
  const citations = useCitations();
  const registerCitations = citations?.registerEditor;
  const setCitationOrder = citations?.setFieldOrder;
  useLayoutEffect(() => {
    setCitationOrder?.(richFieldOrder(sectionIds));
  }, [sectionIds, setCitationOrder]);

  const onEditor = useCallback(
    (key: string, editor: Editor | null) => {
      if (editor) editors.current.set(key, editor);
      else editors.current.delete(key);
      if (isRichField(key)) registerCitations?.(key, editor);
      // The field the person clicked or typed in before the engine arrived: its editor carries on, once on the page.
      if (editor && key === firstInput.fieldKey && !firstInput.done) requestAnimationFrame(() => takeOver(editor, firstInput, { readOnly }));
    },
    [registerCitations, firstInput, readOnly],
  );

  // --- The lists: each change one step of this person's undo -------------

  const ids = useMemo(() => ({ sections: sectionIds, relatedQuestions: relatedIds }), [sectionIds, relatedIds]);
  const onMove = useCallback(
    (list: "sections" | "relatedQuestions", id: string, delta: -1 | 1) => {
      const from = ids[list].indexOf(id);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= ids[list].length) return;
      live.change(() => moveEntry(live.doc, list, id, to));
      focusAfterRender.current = document.activeElement;
      announce(`${list === "sections" ? "Section" : "Related question"} moved to position ${to + 1}`);
    },
    [announce, live, ids],
  );
  const onMoveSection = useCallback((id: string, delta: -1 | 1) => onMove("sections", id, delta), [onMove]);
  const onMoveRelated = useCallback((id: string, delta: -1 | 1) => onMove("relatedQuestions", id, delta), [onMove]);

  const onDeleteSection = useCallback(
    (id: string) => {
      const index = sectionIds.indexOf(id);
      if (index < 0) return;
      const heading = plainTextOf(fieldFragment(live.doc, fieldKey.sectionHeading(id))).trim();
      live.change(() => deleteEntry(live.doc, "sections", id));
      const message = `Section ${index + 1}${heading ? ` (“${heading}”)` : ""} deleted.`;
      setUndo({ message, id });
      announce(`${message} Undo is available.`);
    },
    [announce, live, sectionIds],
  );

  const onAddSection = useCallback(() => {
    const id = newId();
    live.change(() => insertSection(live.doc, { id, index: sectionIds.length }));
    focusAfterRender.current = sectionHeadingId(id);
    announce(`Section ${sectionIds.length + 1} added`);
  }, [announce, live, sectionIds.length]);

  const onRemoveRelated = useCallback(
    (id: string) => {
      const index = relatedIds.indexOf(id);
      if (index < 0) return;
      live.change(() => deleteEntry(live.doc, "relatedQuestions", id));
      const near = relatedIds.filter((q) => q !== id)[Math.min(index, relatedIds.length - 2)];
      focusAfterRender.current = near ? relatedInputId(near) : QUESTION_ID;
      announce(`Related question ${index + 1} removed.`);
    },
    [announce, live, relatedIds],
  );

  const onAddRelated = useCallback(() => {
    if (relatedIds.length >= LIMITS.relatedQuestions) return;
    const id = newId();
    live.change(() => insertRelatedQuestion(live.doc, { id, index: relatedIds.length }));
    focusAfterRender.current = relatedInputId(id);
  }, [live, relatedIds.length]);

  // The bar's Undo is the check's own undo, while the deletion is still its last step.
  const onUndo = () => {
    if (!undo) return;
    live.undo.undo();
    focusAfterRender.current = sectionHeadingId(undo.id);
    announce("Section restored");
    setUndo(null);
  };
  const onUndoExpire = (hadFocus: boolean) => {
    if (hadFocus) focusAfterRender.current = sectionIds[0] ? sectionHeadingId(sectionIds[0]) : ADD_SECTION_ID;
    setUndo(null);
  };

  // Ctrl/⌘+Z where no field has focus (a Move or Delete button just used): the same one history as in the fields.
  const onWorkspaceKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (readOnly || event.altKey || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
    const key = event.key.toLowerCase();
    const redo = key === "y" || (key === "z" && event.shiftKey);
    if (key !== "z" && !redo) return;
    const target = event.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable='true']")) return;
    event.preventDefault();
    const stack = redo ? live.undo.redoStack : live.undo.undoStack;
    if (stack.length === 0) return announce(redo ? "Nothing to redo" : "Nothing to undo");
    if (redo) live.undo.redo();
    else live.undo.undo();
    setUndo(null);
    announce(redo ? "Redone" : "Undone");
  };

  const workspace = useRef<HTMLDivElement>(null);
  const showField = (key: string) => {
    const editor = editors.current.get(key);
    const element = editor ? editor.view.dom : workspace.current?.querySelector<HTMLElement>(`[${FIRST_VIEW_FIELD}="${CSS.escape(key)}"]`);
    if (!element) return;
    // A field without its editor yet is focused as it is: its editor is made, and takes the focus (first-input.ts).
    if (editor) editor.commands.focus();
    else element.focus();
    element.scrollIntoView({ block: "center" });
  };

  const questionFragment = fieldFragment(live.doc, fieldKey.question)!;
  const topicFragment = fieldFragment(live.doc, fieldKey.topic)!;
  const summaryFragment = fieldFragment(live.doc, fieldKey.summary)!;

  return (
    <MountQueueProvider queue={mountQueue}>
      <div ref={workspace} className={styles.slot} onKeyDown={onWorkspaceKeyDown}>
        {slots.presence ? createPortal(<PresenceList people={people} />, slots.presence) : null}

          <LabelledPlainTextField
            label="Question"
            fieldKey={fieldKey.question}
            id={QUESTION_ID}
            error={fieldErrors[fieldKey.question]}
            fragment={questionFragment}
            live={live}
            placeholder="The question readers ask"
            readOnly={readOnly}
            className={styles.questionInput}
            limit={LIMITS.question}
            onEditor={onEditor}
          />

          <LabelledPlainTextField
            label="Topic"
            fieldKey={fieldKey.topic}
            id={TOPIC_ID}
            error={fieldErrors[fieldKey.topic]}
            fragment={topicFragment}
            live={live}
            placeholder="e.g. Health"
            readOnly={readOnly}
            className={styles.topicInput}
            fieldClassName={styles.topicField}
            limit={LIMITS.topic}
            onEditor={onEditor}
          />

          <EditorBlock block="summary">
            <RichTextField
              fieldKey={fieldKey.summary}
              id={SUMMARY_ID}
              label="Executive summary"
              labelledBy="fact-check-summary-label"
              describedBy={fieldErrors[fieldKey.summary] ? `fact-check-summary-hint ${errorIdFor(fieldKey.summary)}` : "fact-check-summary-hint"}
              invalid={!!fieldErrors[fieldKey.summary]}
              fragment={summaryFragment}
              live={live}
              placeholder="Summarize what the evidence shows…"
              readOnly={readOnly}
              onEditor={onEditor}
            />
            <FieldError fieldKey={fieldKey.summary} message={fieldErrors[fieldKey.summary]} />
          </EditorBlock>

          <ClaimFields live={live} scale={verdicts} readOnly={readOnly} errors={fieldErrors} onEditor={onEditor} />

          <EditorBlock block="sections">
            <SectionList
              ids={sectionIds}
              live={live}
              errors={fieldErrors}
              readOnly={readOnly}
              people={people}
              onEditor={onEditor}
              onMove={onMoveSection}
              onDelete={onDeleteSection}
              onAdd={onAddSection}
              addButtonId={ADD_SECTION_ID}
              sizes={sectionSizes}
            />
          </EditorBlock>

          <EditorBlock block="related">
            <RelatedQuestions
              ids={relatedIds}
              live={live}
              errors={fieldErrors}
              readOnly={readOnly}
              onEditor={onEditor}
              onMove={onMoveRelated}
              onRemove={onRemoveRelated}
              onAdd={onAddRelated}
            />
          </EditorBlock>

          <div className={citationStyles.mainPanel}>
            <CitationSourcesPanel headingId="check-sources-main" />
          </div>

          {fieldErrors[fieldKey.form] ? (
            <p className={styles.formError} role="alert">
              {fieldErrors[fieldKey.form]}
            </p>
          ) : null}

        {slots.status ? createPortal(<SaveStatus state={state} firstField={firstField} onShowField={showField} />, slots.status) : null}
        {slots.sources ? createPortal(<CitationSourcesPanel headingId="check-sources-side" />, slots.sources) : null}

        <div className="visually-hidden" aria-live="polite" aria-atomic="true">
          {announcement}
        </div>

        {undo ? <UndoBar key={undo.id} message={undo.message} onUndo={onUndo} onExpire={onUndoExpire} /> : null}

        {citations?.pickerFor ? (
          <Suspense fallback={<CitationPickerLoading editor={citations.pickerFor} onClose={citations.closePicker} />}>
            <CitationPicker />
          </Suspense>
        ) : null}
      </div>
    </MountQueueProvider>
  );
}
