import { FormField } from "@/components/ui/form-field";

/** The new-password field with the rules it is checked against, for every form that sets one. */
export function NewPasswordField({ error }: { error?: string }) {
  return (
    <FormField
      id="newPassword"
      name="newPassword"
      label="New password"
      type="password"
      autoComplete="new-password"
      hint="At least 12 characters; not your email, not a common password."
      required
      error={error}
    />
  );
}
