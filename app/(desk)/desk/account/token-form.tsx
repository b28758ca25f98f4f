"use client";

import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { formKey } from "@/components/ui/form-controls";
import type { FormState } from "@/lib/server/form";
import { createTokenAction } from "@/app/_actions/api-tokens";

type State = FormState & { token?: string };

export function NewTokenForm() {
  const [state, action, pending] = useActionState<State, FormData>(createTokenAction, {});
  return (
    <form action={action} noValidate className="card" key={formKey(state)}>
      <h2>New API token</h2>
      <div aria-live="polite">
        {state.message ? (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        ) : null}
        {state.token ? (
          <div className="notice" role="status">
            <p className="line-after">{state.done}</p>
            <label className="label" htmlFor="new-token">
              Your new token
            </label>
            <input id="new-token" className="input" readOnly value={state.token} onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
      </div>
      <FormField name="name" label="Token name" hint="What will use it, e.g. “import script”." error={state.fields?.name} defaultValue={state.token ? "" : state.values?.name} required maxLength={100} />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Creating…" : "Create token"}
      </button>
    </form>
  );
}
