"use client";

import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { discardLocalCopies, unsentChecks, type UnsentCheck } from "@/lib/local-copies";
import styles from "./sign-out-form.module.css";

/**
 * "Sign out": discards the copies of checks this browser keeps for offline
 * work (another person may use the computer next), first warning of changes
 * the server does not have yet, with a link to each check to send them.
 */
export function SignOutForm({ action }: { action: () => Promise<void> }) {
  const [unsent, setUnsent] = useState<UnsentCheck[] | null>(null);
  const discarded = useRef(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (discarded.current) return; // the copies are gone: the action signs out
    event.preventDefault();
    const form = event.currentTarget;
    const pending = unsentChecks();
    if (pending.length > 0 && unsent === null) {
      setUnsent(pending);
      return;
    }
    await discardLocalCopies();
    discarded.current = true;
    form.requestSubmit();
  }

  return (
    <form action={action} onSubmit={onSubmit} className={styles.form}>
      <button type="submit" className="btn btn-small">
        {unsent ? "Sign out and discard" : "Sign out"}
      </button>
      {unsent ? (
        <div role="alert" className={styles.warning}>
          <p>
            This browser holds changes the server does not have yet, to {unsent.length === 1 ? "this check" : `these ${unsent.length} checks`}. Open{" "}
            {unsent.length === 1 ? "it" : "each"} while online to send them; signing out discards them.
          </p>
          <ul>
            {unsent.map((check) => (
              <li key={check.id}>
                <Link href={`/desk/fact-checks/${check.id}`}>{check.question || "Untitled check"}</Link>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-small" onClick={() => setUnsent(null)}>
            Stay signed in
          </button>
        </div>
      ) : null}
    </form>
  );
}
