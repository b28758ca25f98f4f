"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/server/form";
import { FormMessages } from "@/components/ui/form-controls";

/** Behind a disclosure, so one stray click never deletes. Offered only while nothing cites the source. */
export function DeleteSourceForm({
  action,
  sourceId,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  sourceId: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  return (
    <details>
      <summary>Delete this source</summary>
      <form action={formAction}>
        <FormMessages message={state.message} />
        <input type="hidden" name="id" value={sourceId} />
        <p className="hint">For a source added by mistake. Its history goes with it; the audit log keeps a record.</p>
        <button type="submit" className="btn btn-danger" disabled={pending}>
          {pending ? "Deleting…" : "Delete permanently"}
        </button>
      </form>
    </details>
  );
}
