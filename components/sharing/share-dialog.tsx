"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState, useTransition, type KeyboardEvent, type ReactNode } from "react";
import { ROLE_LABELS } from "@/lib/roles";
import type { CollaboratorDto, PersonDto } from "@/lib/server/collaborators";
import type { ActionResult } from "@/lib/server/form";
import type { StaffDto } from "@/lib/server/users";
import { addCollaboratorAction, removeCollaboratorAction, staffToShareWithAction } from "@/app/_actions/collaborators";
import { AskFailed, useAskedOnOpen } from "@/components/ui/asked-on-open";
import styles from "./share.module.css";

const MAX_OPTIONS = 8;

/**
 * "Share": who writes this check, and a people picker to add co-writers.
 * A native modal <dialog> (focus kept inside, Escape closes) with an ARIA
 * combobox: type a name or email, arrows to choose, Enter to add. The staff
 * to choose from are asked for as the dialog opens (or as the pointer or
 * focus reaches its button), not sent with every editor's page.
 */
export function ShareDialog({
  checkId,
  actorId,
  owner,
  assignee,
  collaborators: initial,
}: {
  checkId: string;
  actorId: string;
  owner: PersonDto;
  assignee: PersonDto | null;
  collaborators: CollaboratorDto[];
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [collaborators, setCollaborators] = useState(initial);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [pending, start] = useTransition();
  const {
    value: staff,
    error: staffError,
    load: loadStaff,
    askOn,
  } = useAskedOnOpen(() => staffToShareWithAction({ factCheckId: checkId }), "The staff list could not be loaded. Check your connection and try again.");

  const writers = useMemo(
    () => new Set([owner.id, assignee?.id, actorId, ...collaborators.map((c) => c.id)].filter(Boolean)),
    [owner.id, assignee?.id, actorId, collaborators],
  );
  const options = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (staff ?? [])
      .filter((s) => !writers.has(s.id) && (!q || s.name.toLowerCase().includes(q) || s.email.toLowerCase().includes(q)))
      .slice(0, MAX_OPTIONS);
  }, [staff, writers, query]);
  const expanded = open && options.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  /** Runs one action; on success `done` updates the dialog and says what happened. */
  const act = <T,>(action: () => Promise<ActionResult<T>>, done: (value: T) => void) => {
    setError(null);
    start(async () => {
      const result = await action();
      if (result.ok) done(result.value);
      else setError(result.fields?.userId ?? result.message);
    });
  };

  const add = (person: StaffDto) =>
    !pending &&
    act(
      () => addCollaboratorAction({ factCheckId: checkId, userId: person.id }),
      (collaborators) => {
        setCollaborators(collaborators);
        setQuery("");
        setOpen(false);
        setStatus(`${person.name} added as a co-writer.`);
        input.current?.focus();
      },
    );

  const remove = (person: CollaboratorDto) =>
    act(
      () => removeCollaboratorAction({ factCheckId: checkId, userId: person.id }),
      () => {
        // Leaving the check: it is no longer yours to open.
        if (person.id === actorId) return router.push("/desk");
        setCollaborators((list) => list.filter((c) => c.id !== person.id));
        setStatus(`${person.name} removed.`);
        input.current?.focus();
      },
    );

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (expanded && options[active]) add(options[active]);
    } else if (event.key === "Escape" && (expanded || query)) {
      // First Escape closes the list (or clears the search); the next one closes the dialog.
      event.preventDefault();
      if (expanded) setOpen(false);
      else setQuery("");
    }
  };

  const count = collaborators.length;
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        aria-haspopup="dialog"
        {...askOn}
        onClick={() => {
          loadStaff();
          setError(null);
          setStatus("");
          dialog.current?.showModal();
        }}
      >
        Share{count ? <span className={styles.count}> · {count} co-writer{count === 1 ? "" : "s"}</span> : null}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`} aria-describedby={`${id}-intro`}>
        <div className={styles.head}>
          <h2 id={`${id}-title`} className={styles.title}>
            Share with co-writers
          </h2>
          <button type="button" className="btn btn-small" onClick={() => dialog.current?.close()}>
            Done
          </button>
        </div>
        <p id={`${id}-intro`} className={styles.intro}>
          Co-writers see and edit this check as its owner does: they submit it for review and answer comments. Only the
          owner can never be removed.
        </p>

        <div className={styles.picker}>
          <label htmlFor={`${id}-input`} className={styles.label}>
            Add a co-writer
          </label>
          <input
            ref={input}
            id={`${id}-input`}
            type="text"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            placeholder="Search staff by name or email"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={`${id}-listbox`}
            aria-activedescendant={expanded ? optionId(active) : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            value={query}
            // Never disabled while an action runs: a disabled input would drop the keyboard user's focus.
            aria-busy={pending}
            onChange={(e) => {
              setQuery(e.target.value);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
            className={styles.input}
          />
          <ul id={`${id}-listbox`} role="listbox" aria-label="Staff" className={styles.listbox} hidden={!expanded}>
            {options.map((option, index) => (
              <li
                key={option.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={styles.option}
                // Keep focus in the input: the click must not blur it first.
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => add(option)}
              >
                <span className={styles.name}>{option.name}</span> <span className={styles.email}>{option.email}</span>
                <span className={styles.role}>{ROLE_LABELS[option.role]}</span>
              </li>
            ))}
          </ul>
          {staffError ? (
            <AskFailed className={styles.none} message={staffError} onRetry={loadStaff} />
          ) : !open ? null : staff === null ? (
            <p className={styles.none} role="status">
              Loading the staff list…
            </p>
          ) : query.trim() && options.length === 0 ? (
            <p className={styles.none}>No one else matches “{query.trim()}”.</p>
          ) : null}
        </div>

        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
        <p className="visually-hidden" role="status">
          {status}
        </p>

        <h3 className={styles.listTitle}>People who write this check</h3>
        <ul className={styles.people} aria-label="People who write this check">
          <PersonRow person={owner} tag="Owner" you={owner.id === actorId} />
          {assignee && assignee.id !== owner.id ? <PersonRow person={assignee} tag="Assigned" you={assignee.id === actorId} /> : null}
          {collaborators.map((c) => (
            <PersonRow key={c.id} person={c} tag="Co-writer" you={c.id === actorId}>
              <button type="button" className="btn btn-small" disabled={pending} onClick={() => remove(c)}>
                {c.id === actorId ? "Leave" : "Remove"}
                <span className="visually-hidden"> {c.name}</span>
              </button>
            </PersonRow>
          ))}
        </ul>
        {count === 0 ? <p className={styles.none}>No co-writers yet.</p> : null}
      </dialog>
    </>
  );
}

function PersonRow({ person, tag, you, children }: { person: PersonDto; tag: string; you: boolean; children?: ReactNode }) {
  return (
    <li className={styles.person}>
      <span className={styles.who}>
        <span className={styles.name}>
          {person.name}
          {you ? " (you)" : ""}
        </span>
        <span className={styles.email}>
          {person.email}
          {person.disabled ? " · disabled" : ""}
        </span>
      </span>
      <span className={styles.tag}>{tag}</span>
      {children}
    </li>
  );
}
