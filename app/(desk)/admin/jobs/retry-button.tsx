"use client";

import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import type { FormState } from "@/lib/server/form";
import { retryJobAction } from "@/app/_actions/jobs";

export function RetryJobButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(retryJobAction, {});
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="name" value={name} />
      <button type="submit" className="btn btn-small" disabled={pending || !!state.done}>
        Retry<span className="visually-hidden"> the {name} job</span>
      </button>
      <FormMessages message={state.message} done={state.done} />
    </form>
  );
}
