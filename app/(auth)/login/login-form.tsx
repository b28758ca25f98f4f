"use client";

import { useActionState } from "react";
import { FormMessages } from "@/components/ui/form-controls";
import { FormField } from "@/components/ui/form-field";
import { signInAction, type SignInState } from "@/app/_actions/auth";
import styles from "./login.module.css";

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormMessages message={state.message} />
      <FormField
        id="email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        defaultValue={state.email}
        key={state.email}
        required
        error={state.fields?.email}
      />
      <FormField id="password" name="password" label="Password" type="password" autoComplete="current-password" required error={state.fields?.password} />
      <button className={`btn btn-primary ${styles.submit}`} type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
