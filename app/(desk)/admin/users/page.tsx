import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ROLE_LABELS } from "@/lib/roles";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { listUsers } from "@/lib/server/users";
import { orNotFound } from "@/lib/server/pages";
import styles from "../../desk.module.css";
import { formatDateTime } from "@/lib/date-format";
import { listInvitations } from "@/lib/server/invitations";
import { InvitationControls, InviteUserForm, NewUserForm, UserRowControls } from "./user-forms";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor("/admin/users");
  if (!can(actor, "manage_users")) notFound();
  const [users, invitations] = await Promise.all([orNotFound(listUsers({ actor })), orNotFound(listInvitations({ actor }))]);
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Users</h1>
      </div>
      <div className={styles.withAside}>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Newsroom users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Manage</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td>
                    <strong>{user.name}</strong>
                    <br />
                    <span className="muted">{user.email}</span>
                  </td>
                  <td>
                    <span className="badge">{ROLE_LABELS[user.role]}</span>{" "}
                    {user.disabled ? <span className="badge badge-warning">Disabled</span> : null}
                  </td>
                  <td>
                    <UserRowControls id={user.id} name={user.name} role={user.role} disabled={user.disabled} isSelf={user.id === actor.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className={styles.stack}>
          <InviteUserForm />
          <NewUserForm />
        </div>
      </div>
      <section aria-labelledby="invitations-heading" className={styles.section}>
        <h2 id="invitations-heading">Invitations</h2>
        {invitations.length === 0 ? (
          <p className="empty">No invitation is waiting.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Invitations waiting for an answer</caption>
              <thead>
                <tr>
                  <th scope="col">Invited</th>
                  <th scope="col">Role</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Manage</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <strong>{i.name}</strong>
                      <br />
                      <span className="muted">{i.email}</span>
                    </td>
                    <td>
                      <span className="badge">{ROLE_LABELS[i.role]}</span>
                    </td>
                    <td>
                      {formatDateTime(i.sentAt)} by {i.invitedBy}
                      {i.expired ? (
                        <>
                          {" "}
                          <span className="badge badge-warning">Expired</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <InvitationControls id={i.id} email={i.email} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
