"use client";

import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { unsubscribeAction, type UnsubscribeState } from "@/app/_actions/mail";

export function UnsubscribeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<UnsubscribeState, FormData>(unsubscribeAction, {});
  return (
    <form action={action}>
      <input type="hidden" name="token" value={token} />
      <FormMessages message={state.message} done={state.done} />
      {state.done ? null : (
        <button type="submit" className="btn btn-primary" disabled={pending}>
          Unsubscribe
        </button>
      )}
    </form>
  );
}
