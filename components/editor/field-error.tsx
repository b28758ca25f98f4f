import styles from "./editor.module.css";

export const errorIdFor = (fieldKey: string) => `field-error-${fieldKey.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** A server-side validation message shown next to its field (linked by aria-describedby). */
export function FieldError({ fieldKey, message }: { fieldKey: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={errorIdFor(fieldKey)} className={styles.fieldError}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}
