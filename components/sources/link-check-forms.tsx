"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/form";
import { FormMessages } from "@/components/ui/form-controls";

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** One click: the source takes the address its old one permanently redirects to. */
export function AcceptRedirectForm({ action, sourceId, redirectUrl }: { action: Action; sourceId: string; redirectUrl: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction}>
      <FormMessages message={state.message} done={state.done} />
      <input type="hidden" name="id" value={sourceId} />
      <button type="submit" className="btn" disabled={pending} aria-label={`Use the new address ${redirectUrl}`}>
        {pending ? "Changing…" : "Use the new address"}
      </button>
    </form>
  );
}

/** Editors and admins: one check of the link now, kept in the history below. */
export function CheckNowForm({ action, sourceId }: { action: Action; sourceId: string }) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <form action={formAction}>
      <FormMessages message={state.message} done={state.done} />
      <input type="hidden" name="id" value={sourceId} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Checking…" : "Check the link now"}
      </button>
    </form>
  );
}
