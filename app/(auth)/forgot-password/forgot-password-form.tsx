"use client";

import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { FormField } from "@/components/ui/form-field";
import type { FormState } from "@/lib/server/form";
import { forgotPasswordAction } from "@/app/_actions/accounts";
import styles from "../login/login.module.css";

export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(forgotPasswordAction, {});
  return (
    <form action={action} noValidate>
      <FormMessages message={state.message} done={state.done} />
      <FormField id="email" name="email" label="Email" type="email" autoComplete="username" defaultValue={state.values?.email} key={state.values?.email} required error={state.fields?.email} />
      <button className={`btn btn-primary ${styles.submit}`} type="submit" disabled={pending}>
        {pending ? "Sending…" : "Email me a link"}
      </button>
    </form>
  );
}
