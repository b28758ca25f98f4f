import { describedBy, ErrorText, Hint } from "./form-controls";

/** A labelled input with its error announced and linked (aria-describedby). */
export function FormField({
  name,
  label,
  error,
  hint,
  defaultValue,
  type = "text",
  ...rest
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  defaultValue?: string;
  type?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue" | "type">) {
  const id = rest.id ?? `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <input
        {...rest}
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <ErrorText id={id} error={error} />
    </div>
  );
}
