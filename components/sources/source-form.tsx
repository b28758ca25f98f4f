"use client";

import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import type { FormState } from "@/lib/server/form";
import { SOURCE_LIMITS } from "@/lib/source-input";
import { FormMessages, TextAreaField } from "@/components/ui/form-controls";
import styles from "./sources.module.css";

export type SourceFormValues = {
  url: string;
  title: string;
  publisher: string;
  author: string;
  publishedOn: string;
  lastVerifiedOn: string;
  archivedUrl: string;
  notes: string;
};

/**
 * Adds a source or edits one: the same fields, errors shown per field.
 * Values come back from the server on error so nothing typed is lost.
 */
export function SourceForm({
  action,
  initial,
  mode,
  sourceId,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  initial: SourceFormValues;
  mode: "create" | "edit";
  /** The source edited (mode "edit"). */
  sourceId?: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const v: SourceFormValues = { ...initial, ...(state.values as Partial<SourceFormValues> | undefined) };
  const f = state.fields ?? {};
  const id = (name: string) => `source-${mode}-${name}`;
  return (
    // Remount after each answer so the fields show what the server kept.
    <form action={formAction} noValidate key={JSON.stringify(state)} className={styles.form}>
      <FormMessages message={state.message} done={state.done} />
      {sourceId ? <input type="hidden" name="id" value={sourceId} /> : null}
      <FormField
        id={id("url")}
        name="url"
        label="URL"
        type="url"
        inputMode="url"
        hint="Paste the address. Tracking parameters (utm_…, fbclid…) and the #fragment are ignored when checking for duplicates."
        error={f.url}
        defaultValue={v.url}
        required
        autoFocus={mode === "create"}
        autoComplete="off"
        spellCheck={false}
      />
      <FormField id={id("title")} name="title" label="Title" error={f.title} defaultValue={v.title} required maxLength={SOURCE_LIMITS.title} />
      <div className={styles.pair}>
        <FormField id={id("publisher")} name="publisher" label="Publisher" error={f.publisher} defaultValue={v.publisher} maxLength={SOURCE_LIMITS.publisher} />
        <FormField id={id("author")} name="author" label="Author" error={f.author} defaultValue={v.author} maxLength={SOURCE_LIMITS.author} />
      </div>
      <div className={styles.pair}>
        <FormField id={id("publishedOn")} name="publishedOn" label="Published" type="date" error={f.publishedOn} defaultValue={v.publishedOn} />
        <FormField
          id={id("lastVerifiedOn")}
          name="lastVerifiedOn"
          label="Last verified"
          type="date"
          error={f.lastVerifiedOn}
          defaultValue={v.lastVerifiedOn}
        />
      </div>
      <FormField
        id={id("archivedUrl")}
        name="archivedUrl"
        label="Archived copy"
        type="url"
        inputMode="url"
        hint="Optional: a snapshot, e.g. on the Wayback Machine."
        error={f.archivedUrl}
        defaultValue={v.archivedUrl}
        autoComplete="off"
        spellCheck={false}
      />
      <TextAreaField id={id("notes")} name="notes" label="Notes" hint="For the newsroom only." error={f.notes} defaultValue={v.notes} maxLength={SOURCE_LIMITS.notes} />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {mode === "create" ? (pending ? "Adding…" : "Add source") : pending ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
