"use client";

/**
 * The newsroom's publishing forms: publish with a change note, start a
 * refresh, and schedule a refresh (one check or, in the queue, every ticked one).
 */
import { createContext, useActionState, useContext, type ReactNode } from "react";
import type { FormState } from "@/lib/server/form";
import { FormMessages, formKey, SelectField, TextAreaField } from "@/components/ui/form-controls";
import { FormField } from "@/components/ui/form-field";
import styles from "./refresh.module.css";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function PublishForm({ id, action }: { id: string; action: Action }) {
  const [state, formAction, pending] = useActionState(action, {});
  const error = state.fields?.changeNote;
  return (
    <form action={formAction} className={styles.panelForm} noValidate>
      <input type="hidden" name="id" value={id} />
      <FormMessages message={state.message} done={state.done} />
      <TextAreaField
        id="change-note"
        name="changeNote"
        label="Change note (optional)"
        hint="Shown to readers in the version history, e.g. “Updated with the 2026 figures.”"
        defaultValue={state.values?.changeNote}
        error={error}
        rows={2}
        maxLength={500}
      />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Publishing…" : "Publish"}
      </button>
    </form>
  );
}

export function StartRefreshForm({ id, action, label = "Start refresh" }: { id: string; action: Action; label?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={styles.inlineForm}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Starting…" : label}
      </button>
      <FormMessages message={state.message} done={state.done} />
    </form>
  );
}

export type Assignee = { id: string; name: string; role: string };

/** "Choose…", then each member of staff with their role. */
function AssigneeOptions({ assignees }: { assignees: Assignee[] }) {
  return (
    <>
      <option value="">Choose…</option>
      {assignees.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name} ({a.role})
        </option>
      ))}
    </>
  );
}

/** The checks ticked when the form was last sent (shown ticked again after an error). */
const TickedContext = createContext<readonly string[]>([]);

/** One check's checkbox in the queue's bulk form: still ticked after the form comes back with an error. */
export function TickBox({ id, label }: { id: string; label: string }) {
  const ticked = useContext(TickedContext);
  return <input type="checkbox" name="ids" value={id} id={`select-${id}`} aria-label={label} defaultChecked={ticked.includes(id)} />;
}

/**
 * Date and assignee for a refresh. With `children` (the queue's table of
 * `TickBox`es) it schedules every ticked check at once. After an error the
 * form shows what was sent: the ticks, the date and the assignee.
 */
export function ScheduleForm({
  action,
  assignees,
  ids,
  today,
  initial,
  children,
  submitLabel = "Schedule refresh",
  allowClear = false,
}: {
  action: Action;
  assignees: Assignee[];
  ids?: string[];
  today: string;
  initial?: { nextRefreshAt?: string | null; assigneeId?: string | null };
  children?: ReactNode;
  submitLabel?: string;
  allowClear?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const dateError = state.fields?.nextRefreshAt;
  const assigneeError = state.fields?.assigneeId;
  const idsError = state.fields?.ids;
  return (
    <form action={formAction} className={styles.scheduleForm} noValidate key={formKey(state)}>
      {ids?.map((id) => <input key={id} type="hidden" name="ids" value={id} />)}
      <TickedContext value={state.done ? [] : (state.lists?.ids ?? [])}>{children}</TickedContext>
      <fieldset className={styles.scheduleFields}>
        <legend>{children ? "Schedule a refresh for the selected checks" : "Schedule a refresh"}</legend>
        <FormMessages message={state.message} done={state.done} />
        {idsError ? (
          <p className="field-error" role="alert">
            {idsError}
          </p>
        ) : null}
        <div className={styles.scheduleRow}>
          <FormField
            id="schedule-date"
            name="nextRefreshAt"
            label="Refresh by"
            type="date"
            min={today}
            defaultValue={v.nextRefreshAt ?? initial?.nextRefreshAt ?? ""}
            error={dateError}
          />
          <SelectField
            id="schedule-assignee"
            name="assigneeId"
            label="Assign to"
            error={assigneeError}
            defaultValue={v.assigneeId ?? initial?.assigneeId ?? ""}
          >
            <AssigneeOptions assignees={assignees} />
          </SelectField>
          <div className={styles.scheduleButtons}>
            <button type="submit" name="intent" value="schedule" className="btn btn-primary" disabled={pending}>
              {pending ? "Saving…" : submitLabel}
            </button>
            {allowClear ? (
              <button type="submit" name="intent" value="clear" className="btn" disabled={pending}>
                Clear schedule
              </button>
            ) : null}
          </div>
        </div>
      </fieldset>
    </form>
  );
}

/** One "Want to dive deeper?" question turned into a new draft on someone's desk. */
export function AssignQuestionForm({
  id,
  questionId,
  question,
  assignees,
  action,
}: {
  id: string;
  questionId: string;
  question: string;
  assignees: Assignee[];
  action: Action;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const fieldId = `assign-${questionId}`;
  return (
    <form action={formAction} className={styles.assignForm} noValidate aria-label={`Assign “${question}”`} key={formKey(state)}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="questionId" value={questionId} />
      <FormMessages message={state.fields?.questionId ?? state.message} done={state.done} />
      <SelectField id={fieldId} name="assigneeId" label="Writer" error={state.fields?.assigneeId} defaultValue={state.values?.assigneeId ?? ""}>
        <AssigneeOptions assignees={assignees} />
      </SelectField>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Assigning…" : "Assign as a new check"}
      </button>
    </form>
  );
}
