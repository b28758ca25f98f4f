"use client";

import { useActionState } from "react";
import { FormMessages, SelectField } from "@/components/ui/form-controls";
import { DELIVERY_LABELS } from "@/lib/mail-kinds";
import type { FormState } from "@/lib/server/form";
import type { MailPreference } from "@/lib/server/mail";
import { updateMailPreferencesAction } from "@/app/_actions/mail";

export function EmailPreferencesForm({ preferences }: { preferences: MailPreference[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateMailPreferencesAction, {});
  return (
    <form action={action} noValidate className="card">
      <FormMessages message={state.message} done={state.done} />
      {preferences.map((p) => (
        <SelectField key={p.kind} id={`mail-${p.kind}`} name={p.kind} label={p.label} defaultValue={state.values?.[p.kind] || p.delivery} error={state.fields?.[p.kind]}>
          {p.options.map((o) => (
            <option key={o} value={o}>
              {DELIVERY_LABELS[o]}
            </option>
          ))}
        </SelectField>
      ))}
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Saving…" : "Save email choices"}
      </button>
    </form>
  );
}
