"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useLayoutEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { countOf } from "@/lib/plural";
import type { Blocker } from "@/lib/server/reviews";
import { AskFailed, useAskedOnOpen } from "@/components/ui/asked-on-open";
import { reviewerOptionsAction, submitForReviewAction } from "@/app/_actions/reviews";
import { GateList } from "./gate-list";
import styles from "./review.module.css";

/**
 * "Submit for review": choose reviewers (never the writer), an optional note,
 * and see the gate first. The reviewers are asked for as the dialog opens (or
 * as the pointer or focus reaches its button), not sent with the page: a
 * newsroom's every reviewer would be in every editor's page otherwise.
 */
export function SubmitDialog({ checkId, blockers, label = "Submit for review" }: { checkId: string; blockers: Blocker[]; label?: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const {
    value: reviewers,
    error: loadError,
    load: loadReviewers,
    askOn,
  } = useAskedOnOpen(() => reviewerOptionsAction({ id: checkId }), "The reviewers could not be loaded. Check your connection and try again.");
  // Those ticked; until the writer ticks or unticks one, those asked last time.
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = picked ?? (reviewers ?? []).filter((r) => r.previous).map((r) => r.id);
  const [note, setNote] = useState("");
  const noteBegun = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  // The form is drawn only while the dialog is open. Closed, it would be in every page that offers it
  // (the editor's included), a line per reviewer and every item of the gate, for the browser to hydrate
  // at each opening: most of the editor's elements for a small check.
  const [shown, setShown] = useState(false);
  // Where opening put the focus (the first reviewer, or the note while the reviewers are on their way).
  const openedFocus = useRef<Element | null>(null);
  useLayoutEffect(() => {
    if (shown && dialog.current && !dialog.current.open) {
      dialog.current.showModal();
      openedFocus.current = document.activeElement;
    }
  }, [shown]);
  // The reviewers arrived with the dialog open: the focus goes to the first of them, unless it was moved or the note begun.
  useEffect(() => {
    const open = dialog.current;
    if (!reviewers || !open?.open || document.activeElement !== openedFocus.current || noteBegun.current) return;
    open.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
  }, [reviewers]);

  const toggle = (reviewerId: string, on: boolean) => setPicked(on ? [...chosen, reviewerId] : chosen.filter((x) => x !== reviewerId));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setError("Choose at least one reviewer");
      return;
    }
    setError(null);
    start(async () => {
      const result = await submitForReviewAction({ id: checkId, reviewerIds: chosen, note });
      if (!result.ok) {
        setError(result.fields?.reviewerIds ?? result.fields?.note ?? result.message);
        return;
      }
      dialog.current?.close();
      setNote("");
      router.refresh();
    });
  };

  return (
    <>
      <button
        type="button"
        className="btn btn-primary"
        aria-haspopup="dialog"
        {...askOn}
        onClick={() => {
          loadReviewers();
          setShown(true);
        }}
      >
        {label}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`} onClose={() => setShown(false)}>
        {shown ? (
          <form onSubmit={submit}>
            <h2 id={`${id}-title`}>Submit for review</h2>
            <p className="muted">Reviewers get a notification. While it is in review the check is read-only: to change it, withdraw it from review.</p>
            <fieldset className={styles.reviewerList} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
              <legend className="label">Reviewers</legend>
              {loadError ? (
                <AskFailed message={loadError} onRetry={loadReviewers} />
              ) : reviewers === null ? (
                <p className="muted" role="status">
                  Loading the reviewers…
                </p>
              ) : reviewers.length === 0 ? (
                <p className="muted">There are no reviewers to choose from.</p>
              ) : null}
              {(reviewers ?? []).map((r) => (
                <label key={r.id} className={styles.reviewerOption}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(r.id)}
                    onChange={(e) => {
                      toggle(r.id, e.target.checked);
                      setError(null);
                    }}
                  />
                  <span>
                    {r.name} <span className="muted">{r.email}</span>
                    {r.previous ? <span className="muted"> · asked last time</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-note`}>Note for the reviewers (optional)</label>
              <textarea
                id={`${id}-note`}
                rows={3}
                maxLength={2000}
                value={note}
                onChange={(e) => {
                  noteBegun.current = true;
                  setNote(e.target.value);
                }}
              />
            </div>
            {blockers.length ? (
              <div className={styles.dialogGate}>
                <GateList blockers={blockers} intro="Reviewers cannot approve until these are fixed:" headingLevel={3} />
              </div>
            ) : null}
            <p id={`${id}-error`} className="field-error" aria-live="polite">
              {error}
            </p>
            <div className={styles.actions}>
              <button type="submit" className="btn btn-primary" disabled={pending}>
                {pending ? "Submitting…" : chosen.length ? `Submit to ${countOf(chosen.length, "reviewer")}` : "Submit"}
              </button>
              <button type="button" className="btn" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </>
  );
}
