"use client";

import type { Editor } from "@tiptap/react";
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { CitationNumbering, ReferenceSource } from "@/lib/citations";
import { citationIdsOfPmDoc, numberEditorFields, sameIds } from "./citation-numbering";
import type { FieldCitations } from "./opening-citations";
import { CitationStore } from "./citation-store";

/** What the editor shows of a cited source (the same shape the preview's reference list uses). */
export type CitedSource = ReferenceSource;

/** Fired on an editor's DOM by the Cite button and the keyboard shortcut; the provider opens the picker. */
export const CITE_EVENT = "factdesk:cite";

export function requestCitation(editor: Editor): void {
  editor.view.dom.dispatchEvent(new CustomEvent(CITE_EVENT, { bubbles: true, detail: { editor } }));
}

type CitationState = {
  numbering: CitationNumbering;
  sources: ReadonlyMap<string, CitedSource>;
  /** Ids the server does not know (deleted, or never existed). */
  missing: ReadonlySet<string>;
  addSource: (source: CitedSource) => void;
  registerEditor: (fieldKey: string, editor: Editor | null) => void;
  /** The citations of a field without its editor yet (field-stand-in.tsx), as they change. */
  reportCitations: (fieldKey: string, ids: string[]) => void;
  /** The rich-text fields in reading order: the summary's key, then each section body's. */
  setFieldOrder: (order: string[]) => void;
  pickerFor: Editor | null;
  closePicker: () => void;
  /** The same numbering and sources for the citations drawn in the fields (nodes/citation.ts). */
  store: CitationStore;
};

const EMPTY: CitationNumbering = { order: [], numbers: new Map() };
const CitationContext = createContext<CitationState | null>(null);

export function useCitations(): CitationState | null {
  return useContext(CitationContext);
}

const CitationStoreContext = createContext<CitationStore | null>(null);

/** The citation store alone: it never changes, so the fields that draw citations do not render again when numbers do. */
export function useCitationStore(): CitationStore | null {
  return useContext(CitationStoreContext);
}

/**
 * Keeps the check's citation numbers current across all its rich-text fields:
 * each editor reports its citations when its document changes (a field
 * without its editor yet, from the live document: field-stand-in.tsx), and numbering
 * follows the field order the editor reports (summary, then sections as
 * they are ordered now).
 * Source metadata starts from the page's one query; ids it lacks (say, from a
 * copy restored in this browser) are fetched in one request.
 */
export function CitationProvider({ initialSources, opening, children }: { initialSources: CitedSource[]; opening?: FieldCitations; children: ReactNode }) {
  // The document's citations as it opens (citationsOfDoc): the fields' editors, as each is made, report the same and change nothing.
  const [fieldOrder, setOrder] = useState<string[]>(() => opening?.order ?? []);
  const setFieldOrder = useCallback((order: string[]) => setOrder((current) => (sameIds(current, order) ? current : order)), []);
  const [idsByField, setIdsByField] = useState<Record<string, string[]>>(() => opening?.idsByField ?? {});
  const [sources, setSources] = useState(() => new Map(initialSources.map((s) => [s.id, s])));
  const [missing, setMissing] = useState<ReadonlySet<string>>(() => new Set());
  const [pickerFor, setPickerFor] = useState<Editor | null>(null);
  const unsubscribe = useRef(new Map<string, () => void>());
  const requested = useRef(new Set(initialSources.map((s) => s.id)));

  const registerEditor = useCallback((fieldKey: string, editor: Editor | null) => {
    unsubscribe.current.get(fieldKey)?.();
    unsubscribe.current.delete(fieldKey);
    if (!editor) {
      setIdsByField((all) => {
        if (!(fieldKey in all)) return all;
        const next = { ...all };
        delete next[fieldKey];
        return next;
      });
      return;
    }
    const report = () => {
      if (editor.isDestroyed) return;
      const ids = citationIdsOfPmDoc(editor.state.doc);
      setIdsByField((all) => (sameIds(all[fieldKey], ids) ? all : { ...all, [fieldKey]: ids }));
    };
    const onCite = (event: Event) => {
      const target = (event as CustomEvent<{ editor: Editor }>).detail?.editor;
      if (target === editor && editor.isEditable) setPickerFor(editor);
    };
    editor.on("update", report);
    editor.view.dom.addEventListener(CITE_EVENT, onCite);
    unsubscribe.current.set(fieldKey, () => {
      editor.off("update", report);
      if (!editor.isDestroyed) editor.view.dom.removeEventListener(CITE_EVENT, onCite);
    });
    report();
  }, []);

  const reportCitations = useCallback((fieldKey: string, ids: string[]) => {
    setIdsByField((all) => (sameIds(all[fieldKey], ids) ? all : { ...all, [fieldKey]: ids }));
  }, []);

  useEffect(() => {
    const subscriptions = unsubscribe.current;
    return () => subscriptions.forEach((off) => off());
  }, []);

  const numbering = useMemo(() => {
    const n = numberEditorFields(fieldOrder, idsByField);
    return n.order.length ? n : EMPTY;
  }, [fieldOrder, idsByField]);

  // Metadata for cited ids the page did not load: one request for all of them.
  useEffect(() => {
    const wanted = numbering.order.filter((id) => !requested.current.has(id));
    if (wanted.length === 0) return;
    wanted.forEach((id) => requested.current.add(id));
    let live = true;
    // The client and its schemas load only for this (a copy restored in this browser citing a source the page did not load).
    Promise.all([import("@/lib/api-client"), import("@/lib/source-input")])
      .then(([{ requestJson }, { referenceSourceListSchema }]) =>
        requestJson(`/api/v1/sources?ids=${wanted.map(encodeURIComponent).join(",")}`, referenceSourceListSchema),
      )
      .then((body) => {
        if (!live) return;
        setSources((map) => {
          const next = new Map(map);
          body.data.forEach((s) => next.set(s.id, s));
          return next;
        });
        const found = new Set(body.data.map((s) => s.id));
        const gone = wanted.filter((id) => !found.has(id));
        if (gone.length) setMissing((set) => new Set([...set, ...gone]));
      })
      .catch(() => {
        // Try again on the next change rather than never.
        wanted.forEach((id) => requested.current.delete(id));
      });
    return () => {
      live = false;
    };
  }, [numbering]);

  const addSource = useCallback((source: CitedSource) => {
    requested.current.add(source.id);
    setSources((map) => new Map(map).set(source.id, source));
    setMissing((set) => {
      if (!set.has(source.id)) return set;
      const next = new Set(set);
      next.delete(source.id);
      return next;
    });
  }, []);

  const closePicker = useCallback(() => setPickerFor(null), []);

  const [store] = useState(() => new CitationStore());
  // Before paint: a renumbered or newly loaded source shows in the same frame as the text around it.
  useLayoutEffect(() => store.set({ numbering, sources, missing }), [store, numbering, sources, missing]);

  const value = useMemo<CitationState>(
    () => ({ numbering, sources, missing, addSource, registerEditor, reportCitations, setFieldOrder, pickerFor, closePicker, store }),
    [numbering, sources, missing, addSource, registerEditor, reportCitations, setFieldOrder, pickerFor, closePicker, store],
  );
  return (
    <CitationStoreContext.Provider value={store}>
      <CitationContext.Provider value={value}>{children}</CitationContext.Provider>
    </CitationStoreContext.Provider>
  );
}
