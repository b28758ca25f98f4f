/** Labelled textarea and select with errors linked (aria-describedby), and form-level messages; components/ui/form-field.tsx is the input. */
import type { ReactNode } from "react";
import { KeepTypedBeforeHydration } from "./keep-typed";

export function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

export function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <span id={`${id}-hint`} className="hint">
      {hint}
    </span>
  ) : null;
}

export function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null;
}

export function TextAreaField({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 4,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <KeepTypedBeforeHydration id={id} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <ErrorText id={id} error={error} />
    </div>
  );
}

export function SelectField({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
  children,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <select id={id} name={name} defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
        {children}
      </select>
      <ErrorText id={id} error={error} />
    </div>
  );
}

/**
 * A key for a form that shows an action's answer: a new answer remounts the
 * fields, so each starts from the values the answer carries (React resets a
 * form after its action, to the defaults its selects and checkboxes were
 * mounted with).
 */
export function formKey(state: object): string {
  return JSON.stringify(state);
}

/** The form's message (announced) and its success notice. */
export function FormMessages({ message, done }: { message?: string; done?: string }) {
  return (
    <div aria-live="polite">
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
    </div>
  );
}
