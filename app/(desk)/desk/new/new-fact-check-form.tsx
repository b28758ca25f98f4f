"use client";

import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { LIMITS } from "@/lib/document";
import type { FormState } from "@/lib/server/form";
import { createFactCheckAction } from "@/app/_actions/fact-checks";

export function NewFactCheckForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createFactCheckAction, {});
  return (
    <form action={action} noValidate className="card">
      <div aria-live="assertive">
        {state.message ? (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        ) : null}
      </div>
      <FormField
        name="question"
        label="Question"
        hint={`The question readers ask, as the title of the check (at most ${LIMITS.question} characters).`}
        error={state.fields?.question}
        defaultValue={state.values?.question}
        key={`q-${state.values?.question}`}
        required
        autoFocus
      />
      <FormField
        name="topic"
        label="Topic"
        hint="Optional, e.g. Health, Elections, Climate."
        error={state.fields?.topic}
        defaultValue={state.values?.topic}
        key={`t-${state.values?.topic}`}
      />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Creating…" : "Create"}
      </button>
    </form>
  );
}
