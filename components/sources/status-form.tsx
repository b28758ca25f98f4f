"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/form";
import { SETTABLE_SOURCE_STATUSES, SOURCE_LIMITS, SOURCE_STATUS_LABELS, type SourceStatus } from "@/lib/source-input";
import { FormMessages, formKey, SelectField, TextAreaField } from "@/components/ui/form-controls";
import styles from "./sources.module.css";


export function SourceStatusForm({
  action,
  sourceId,
  status,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  sourceId: string;
  status: SourceStatus;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  // Unreachable is the link checker's word: a person confirms it as dead, or says it is live.
  const current = (SETTABLE_SOURCE_STATUSES as readonly string[]).includes(status) ? status : "dead";
  return (
    <form action={formAction} noValidate key={formKey(state)} className={styles.form}>
      <FormMessages message={state.message} done={state.done} />
      <input type="hidden" name="id" value={sourceId} />
      <SelectField
        id="source-status"
        name="status"
        label="Status"
        hint="Live: online as cited. Updated: changed since. Dead link: gone (readers get the archived copy). Retracted: withdrawn by its publisher. A status you set wins over the link checker's."
        defaultValue={state.done ? current : (state.values?.status ?? current)}
        error={state.fields?.status}
      >
        {SETTABLE_SOURCE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {SOURCE_STATUS_LABELS[s]}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id="source-status-note"
        name="statusNote"
        label="Note"
        rows={2}
        hint="What changed and how you know. Checks citing this source are told."
        error={state.fields?.statusNote}
        defaultValue={state.done ? "" : state.values?.statusNote}
        maxLength={SOURCE_LIMITS.statusNote}
      />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Changing…" : "Change status"}
      </button>
    </form>
  );
}
