"use client";

import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { FormField } from "@/components/ui/form-field";
import type { FormState } from "@/lib/server/form";
import { changePasswordAction } from "@/app/_actions/accounts";
import { NewPasswordField } from "@/components/ui/new-password-field";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(changePasswordAction, {});
  return (
    <form action={action} noValidate className="card" key={state.done ?? "form"}>
      <FormMessages message={state.message} done={state.done} />
      <FormField id="currentPassword" name="currentPassword" label="Current password" type="password" autoComplete="current-password" required error={state.fields?.currentPassword} />
      <NewPasswordField error={state.fields?.newPassword} />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
