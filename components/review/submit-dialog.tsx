"use client";

import { useRouter } from "next/navigation";
import { useId, useLayoutEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { countOf } from "@/lib/plural";
import type { Blocker } from "@/lib/server/reviews";
import { submitForReviewAction } from "@/app/_actions/reviews";
import { GateList } from "./gate-list";
import styles from "./review.module.css";

/** A reviewer the writer may ask; `previous` when asked for the last revision (a resubmission asks them again unless unticked). */
export type ReviewerOption = { id: string; name: string; email: string; previous?: boolean };

/** "Submit for review": choose reviewers (never the writer), an optional note, and see the gate first. */
export function SubmitDialog({
  checkId,
  reviewers,
  blockers,
  label = "Submit for review",
}: {
  checkId: string;
  reviewers: ReviewerOption[];
  blockers: Blocker[];
  label?: string;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [chosen, setChosen] = useState<string[]>(() => reviewers.filter((r) => r.previous).map((r) => r.id));
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  // The form is drawn only while the dialog is open. Closed, it would be in every page that offers it
  // (the editor's included), a line per reviewer and every item of the gate, for the browser to hydrate
  // at each opening: most of the editor's elements for a small check.
  const [shown, setShown] = useState(false);
  useLayoutEffect(() => {
    if (shown && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [shown]);

  const toggle = (reviewerId: string, on: boolean) =>
    setChosen((list) => (on ? [...list, reviewerId] : list.filter((x) => x !== reviewerId)));

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
      <button type="button" className="btn btn-primary" aria-haspopup="dialog" onClick={() => setShown(true)}>
        {label}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`} onClose={() => setShown(false)}>
        {shown ? (
          <form onSubmit={submit}>
            <h2 id={`${id}-title`}>Submit for review</h2>
            <p className="muted">Reviewers get a notification. While it is in review the check is read-only: to change it, withdraw it from review.</p>
            <fieldset className={styles.reviewerList} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? true : undefined}>
              <legend className="label">Reviewers</legend>
              {reviewers.length === 0 ? <p className="muted">There are no reviewers to choose from.</p> : null}
              {reviewers.map((r) => (
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
              <textarea id={`${id}-note`} rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
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
