"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { NewPasswordField } from "@/components/ui/new-password-field";
import type { FormState } from "@/lib/server/form";
import { acceptInvitationAction, resetPasswordAction } from "@/app/_actions/accounts";
import styles from "../login/login.module.css";

const PURPOSES = {
  invitation: { action: acceptInvitationAction, submit: "Join", pending: "Joining…" },
  reset: { action: resetPasswordAction, submit: "Set new password", pending: "Saving…" },
} as const;

/** A password chosen through an emailed link (an invitation or a reset); then a way to sign in. */
export function TokenPasswordForm({ token, purpose }: { token: string; purpose: keyof typeof PURPOSES }) {
  const { action: submitAction, submit, pending: pendingLabel } = PURPOSES[purpose];
  const [state, action, pending] = useActionState<FormState, FormData>(submitAction, {});
  if (state.done) {
    return (
      <>
        <FormMessages done={state.done} />
        <Link href="/login" className={`btn btn-primary ${styles.submit}`}>
          Sign in
        </Link>
      </>
    );
  }
  return (
    <form action={action} noValidate>
      <input type="hidden" name="token" value={token} />
      <FormMessages message={state.message} />
      <NewPasswordField error={state.fields?.newPassword} />
      <button className={`btn btn-primary ${styles.submit}`} type="submit" disabled={pending}>
        {pending ? pendingLabel : submit}
      </button>
    </form>
  );
}
