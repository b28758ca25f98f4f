"use client";

import { useActionState } from "react";
import { FormField } from "@/components/ui/form-field";
import { FormMessages, formKey } from "@/components/ui/form-controls";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/roles";
import type { FormState } from "@/lib/server/form";
import { createUserAction, invitationAction, inviteUserAction, updateUserAction } from "@/app/_actions/users";

/** Who someone is in the newsroom: name, email and role, as typed (kept after an error). */
function PersonFields({ idPrefix, state }: { idPrefix: string; state: FormState }) {
  const v = state.values ?? {};
  return (
    <>
      <FormField id={`${idPrefix}-name`} name="name" label="Name" error={state.fields?.name} defaultValue={v.name} required autoComplete="off" />
      <FormField id={`${idPrefix}-email`} name="email" label="Email" type="email" error={state.fields?.email} defaultValue={v.email} required autoComplete="off" />
      <div className="field">
        <label htmlFor={`${idPrefix}-role`}>Role</label>
        <select id={`${idPrefix}-role`} name="role" defaultValue={v.role || "writer"}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {state.fields?.role ? <p className="field-error">{state.fields.role}</p> : null}
      </div>
    </>
  );
}

export function NewUserForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(createUserAction, {});
  const v = state.values ?? {};
  const key = state.done ?? JSON.stringify(v);
  return (
    <form action={action} noValidate className="card" key={key}>
      <h2>Add a user</h2>
      <FormMessages message={state.message} done={state.done} />
      <PersonFields idPrefix="new" state={state} />
      <FormField
        name="password"
        label="Initial password"
        type="password"
        hint="At least 12 characters. Share it with them privately."
        error={state.fields?.password}
        required
        autoComplete="new-password"
      />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </button>
    </form>
  );
}

export function UserRowControls({ id, name, role, disabled, isSelf }: { id: string; name: string; role: Role; disabled: boolean; isSelf: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(updateUserAction, {});
  return (
    <div>
      <form action={action} className="inline-form" key={formKey(state)}>
        <input type="hidden" name="id" value={id} />
        <label className="visually-hidden" htmlFor={`role-${id}`}>
          Role of {name}
        </label>
        <select id={`role-${id}`} name="role" defaultValue={state.done ? role : (state.values?.role ?? role)} className="input input-fit" disabled={isSelf}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <button type="submit" name="intent" value="role" className="btn btn-small" disabled={pending || isSelf}>
          Set role<span className="visually-hidden"> of {name}</span>
        </button>
        {disabled ? (
          <button type="submit" name="intent" value="enable" className="btn btn-small" disabled={pending}>
            Enable<span className="visually-hidden"> {name}</span>
          </button>
        ) : (
          <button type="submit" name="intent" value="disable" className="btn btn-small btn-danger" disabled={pending || isSelf}>
            Disable<span className="visually-hidden"> {name}</span>
          </button>
        )}
      </form>
      <FormMessages message={state.message} done={state.done} />
    </div>
  );
}

export function InviteUserForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(inviteUserAction, {});
  const v = state.values ?? {};
  const key = state.done ?? JSON.stringify(v);
  return (
    <form action={action} noValidate className="card" key={key}>
      <h2>Invite someone</h2>
      <p className="muted">They get an email with a link to choose their password.</p>
      <FormMessages message={state.message} done={state.done} />
      <PersonFields idPrefix="invite" state={state} />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? "Inviting…" : "Send invitation"}
      </button>
    </form>
  );
}

export function InvitationControls({ id, email }: { id: string; email: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(invitationAction, {});
  return (
    <div>
      <form action={action} className="inline-form">
        <input type="hidden" name="id" value={id} />
        <button type="submit" name="intent" value="resend" className="btn btn-small" disabled={pending}>
          Resend<span className="visually-hidden"> the invitation to {email}</span>
        </button>
        <button type="submit" name="intent" value="revoke" className="btn btn-small btn-danger" disabled={pending}>
          Revoke<span className="visually-hidden"> the invitation to {email}</span>
        </button>
      </form>
      <FormMessages message={state.message} done={state.done} />
    </div>
  );
}
