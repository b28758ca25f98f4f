"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { decideAction } from "@/app/_actions/reviews";
import styles from "./review.module.css";

/** Approve, or request changes with a comment. Approval is disabled while the gate lists blockers. */
export function DecisionPanel({ checkId, revision, blocked }: { checkId: string; revision: number; blocked: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [mode, setMode] = useState<"idle" | "changes">("idle");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();

  const decide = (decision: "approve" | "request_changes") =>
    start(async () => {
      setError(null);
      const result = await decideAction(checkId, { decision, comment });
      if (!result.ok) {
        setError(result.fields?.comment ?? result.message);
        return;
      }
      setDone(decision === "approve" ? "You approved this revision." : "Changes requested: the draft is back with its writer.");
      router.refresh();
    });

  const onChanges = (event: FormEvent) => {
    event.preventDefault();
    decide("request_changes");
  };

  return (
    <section className={styles.decision} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={styles.panelTitle}>
        Your decision on revision {revision}
      </h2>
      <p role="status" className={done ? "notice" : "visually-hidden"}>
        {done}
      </p>
      {mode === "idle" ? (
        <div className={styles.actions}>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => decide("approve")}
            disabled={pending || blocked}
            aria-describedby={blocked ? `${id}-blocked` : undefined}
          >
            Approve
          </button>
          <button type="button" className="btn" onClick={() => setMode("changes")} disabled={pending}>
            Request changes
          </button>
        </div>
      ) : (
        <form onSubmit={onChanges}>
          <div className="field">
            <label htmlFor={`${id}-comment`}>What needs to change?</label>
            <textarea
              id={`${id}-comment`}
              rows={4}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              required
              autoFocus
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
          </div>
          <div className={styles.actions}>
            <button type="submit" className="btn btn-danger" disabled={pending || !comment.trim()}>
              Send back to writer
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setMode("idle")}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {blocked ? (
        <p id={`${id}-blocked`} className="hint">
          Approval is blocked until the items below are fixed.
        </p>
      ) : null}
      <p id={`${id}-error`} className="field-error" aria-live="polite">
        {error}
      </p>
    </section>
  );
}
