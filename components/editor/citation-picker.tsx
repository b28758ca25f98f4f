"use client";

import type { Editor } from "@tiptap/react";
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError, requestJson } from "@/lib/api-client";
import { countOf } from "@/lib/plural";
import { referenceSourceListSchema, referenceSourceSchema, SOURCE_STATUS_LABELS } from "@/lib/source-input";
import { useCitations, type CitedSource } from "./citation-context";
import { PickerSearch, takeTypedQuery } from "./citation-picker-loading";
import styles from "./citation.module.css";

/** How many sources one search shows. */
const PAGE = 20;

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host + (u.pathname === "/" ? "" : u.pathname);
  } catch {
    return url;
  }
}

/**
 * The Cite picker, for whichever editor asked (toolbar button or Mod-Shift-K).
 * Loaded on first use (fact-check-editor.tsx); until then citation-picker-loading.tsx
 * shows its frame, and what was typed there is the picker's first search.
 */
export function CitationPicker() {
  const citations = useCitations();
  const editor = citations?.pickerFor ?? null;
  if (!citations || !editor) return null;
  return <PickerDialog editor={editor} onClose={citations.closePicker} onChosen={citations.addSource} />;
}

function PickerDialog({ editor, onClose, onChosen }: { editor: Editor; onClose: () => void; onChosen: (s: CitedSource) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const newUrl = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), search: useId(), status: useId(), url: useId(), sourceTitle: useId(), publisher: useId() };

  const [query, setQuery] = useState(takeTypedQuery);
  const [results, setResults] = useState<CitedSource[]>([]);
  const [state, setState] = useState<"idle" | "loading" | "error">("loading");
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ url: "", title: "", publisher: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formMessage, setFormMessage] = useState("");
  const [duplicate, setDuplicate] = useState<{ id: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // Before paint, so keys typed right after the shortcut land in the search, not the document.
  useLayoutEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    search.current?.focus();
  }, []);

  // Results follow the typing; a slower, older answer never replaces a newer one.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        setState("loading");
        const params = new URLSearchParams({ limit: String(PAGE) });
        if (query.trim()) params.set("q", query.trim());
        requestJson(`/api/v1/sources?${params}`, referenceSourceListSchema, { signal: controller.signal })
          .then((body) => {
            setResults(body.data);
            setState("idle");
          })
          .catch((error) => {
            if ((error as Error).name !== "AbortError") setState("error");
          });
      },
      query ? 200 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const close = () => {
    dialog.current?.close();
    onClose();
    editor.commands.focus();
    // Once the dialog has left the page, the caret again. Closed from the keyboard, the
    // browser gives the field its focus back but leaves the document's selection on the
    // node that held the dialog, so typing went nowhere; the editor's own focus() skips a
    // field that already has focus, ProseMirror's writes the selection back.
    requestAnimationFrame(() => {
      if (!editor.isDestroyed) editor.view.focus();
    });
  };

  const cite = (source: CitedSource) => {
    onChosen(source);
    dialog.current?.close();
    onClose();
    editor.chain().focus().insertContent({ type: "citation", attrs: { sourceId: source.id } }).run();
  };

  const citeExisting = async (id: string) => {
    setBusy(true);
    try {
      const body = await requestJson(`/api/v1/sources?ids=${encodeURIComponent(id)}`, referenceSourceListSchema);
      if (body.data[0]) cite(body.data[0]);
      else setFormMessage("That source could not be loaded. Search for it above.");
    } catch {
      setFormMessage("That source could not be loaded. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  };

  const openNewSource = () => {
    setAdding(true);
    const q = query.trim();
    setDraft((d) => ({ ...d, url: d.url || (/^(https?:\/\/|www\.)|^[\w-]+(\.[\w-]+)+(\/|$)/i.test(q) && !/\s/.test(q) ? q : "") }));
    requestAnimationFrame(() => newUrl.current?.focus());
  };

  const submitNew = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFormMessage("");
    setDuplicate(null);
    setBusy(true);
    try {
      const body = { url: draft.url, title: draft.title, ...(draft.publisher.trim() ? { publisher: draft.publisher } : {}) };
      cite(await requestJson("/api/v1/sources", referenceSourceSchema, { method: "POST", body }));
    } catch (error) {
      const failure = error instanceof ApiError ? error : null;
      const sourceId = failure?.details.sourceId;
      if (failure?.code === "conflict" && typeof sourceId === "string") return setDuplicate({ id: sourceId, message: failure.message });
      setErrors(failure?.fields ?? {});
      setFormMessage(failure?.message ?? "The source could not be added. Try again.");
    } finally {
      setBusy(false);
    }
  };

  // Escape closes the picker at once, wherever the focus is in it: a search box
  // with text would otherwise take the first press to clear itself. Arrow keys
  // move between the search box and the results.
  const onListKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
    if (buttons.length === 0) return;
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    event.preventDefault();
    if (event.key === "ArrowDown") buttons[Math.min(index + 1, buttons.length - 1)]?.focus();
    else if (index <= 0) search.current?.focus();
    else buttons[index - 1]?.focus();
  };

  const statusText =
    state === "loading"
      ? "Searching…"
      : state === "error"
        ? "The library could not be searched. Check your connection."
        : results.length === 0
          ? query.trim()
            ? `No source matches “${query.trim()}”. Add it below.`
            : "The library is empty. Add the first source below."
          : query.trim()
            ? `${results.length === PAGE ? `${PAGE}+ matching sources` : countOf(results.length, "matching source")}. Press Down to choose.`
            : "Recently added sources. Type to search.";

  const fieldError = (name: string, id: string) =>
    errors[name] ? (
      <p id={`${id}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={ids.title}
      aria-modal="true"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      // Closed by the browser itself (a cancel it would not let the page refuse): the editor hears of it too.
      onClose={close}
      onKeyDown={onListKeyDown}
    >
      <div className={styles.dialogInner}>
        <div className={styles.dialogHeader}>
          <h2 id={ids.title}>Cite a source</h2>
        </div>
        <div className={styles.dialogBody}>
          <PickerSearch inputRef={search} ids={ids} query={query} onQuery={setQuery} status={statusText} />
          <ul ref={list} className={styles.results} aria-label="Sources">
            {results.map((source) => (
              <li key={source.id}>
                <button type="button" className={styles.result} onClick={() => cite(source)}>
                  <span className={styles.resultTitle}>{source.title}</span>
                  <span className={styles.resultMeta}>
                    {[source.publisher, hostOf(source.url)].filter(Boolean).join(" · ")}
                    {source.status !== "live" ? ` · ${SOURCE_STATUS_LABELS[source.status]}` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>

          <div className={styles.newSource}>
            {adding ? (
              <form onSubmit={submitNew} noValidate aria-labelledby={`${ids.title}-new`}>
                <h3 id={`${ids.title}-new`}>Add a new source</h3>
                {formMessage ? (
                  <p className="form-error" role="alert">
                    {formMessage}
                  </p>
                ) : null}
                {duplicate ? (
                  <div className={styles.duplicate} role="alert">
                    <p className="line-after">{duplicate.message}</p>
                    <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => citeExisting(duplicate.id)}>
                      Cite the existing source
                    </button>
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor={ids.url}>URL</label>
                  <input
                    ref={newUrl}
                    id={ids.url}
                    type="url"
                    inputMode="url"
                    autoComplete="off"
                    spellCheck={false}
                    value={draft.url}
                    aria-invalid={errors.url ? true : undefined}
                    aria-describedby={errors.url ? `${ids.url}-error` : undefined}
                    onChange={(event) => setDraft({ ...draft, url: event.target.value })}
                  />
                  {fieldError("url", ids.url)}
                </div>
                <div className="field">
                  <label htmlFor={ids.sourceTitle}>Title</label>
                  <input
                    id={ids.sourceTitle}
                    type="text"
                    value={draft.title}
                    aria-invalid={errors.title ? true : undefined}
                    aria-describedby={errors.title ? `${ids.sourceTitle}-error` : undefined}
                    onChange={(event) => setDraft({ ...draft, title: event.target.value })}
                  />
                  {fieldError("title", ids.sourceTitle)}
                </div>
                <div className="field">
                  <label htmlFor={ids.publisher}>Publisher (optional)</label>
                  <input
                    id={ids.publisher}
                    type="text"
                    value={draft.publisher}
                    aria-invalid={errors.publisher ? true : undefined}
                    aria-describedby={errors.publisher ? `${ids.publisher}-error` : undefined}
                    onChange={(event) => setDraft({ ...draft, publisher: event.target.value })}
                  />
                  {fieldError("publisher", ids.publisher)}
                </div>
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {busy ? "Adding…" : "Add and cite"}
                </button>
              </form>
            ) : (
              <button type="button" className="btn" onClick={openNewSource}>
                Add a new source…
              </button>
            )}
          </div>
        </div>
        <div className={styles.dialogFooter}>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
        </div>
      </div>
    </dialog>
  );
}
