"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { FormField } from "@/components/ui/form-field";
import type { FormState } from "@/lib/server/form";
import { acceptInvitationAction } from "@/app/_actions/accounts";
import styles from "../login/login.module.css";

export function AcceptInvitationForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(acceptInvitationAction, {});
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
      <FormField
        id="newPassword"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters; not your email, not a common password."
        required
        error={state.fields?.newPassword}
      />
      <button className={`btn btn-primary ${styles.submit}`} type="submit" disabled={pending}>
        {pending ? "Joining…" : "Join"}
      </button>
    </form>
  );
}
