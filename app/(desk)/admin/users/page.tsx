import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ROLE_LABELS } from "@/lib/roles";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { listUsers } from "@/lib/server/users";
import { orNotFound } from "@/lib/server/pages";
import styles from "../../desk.module.css";
import { NewUserForm, UserRowControls } from "./user-forms";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePageActor("/admin/users");
  if (!can(actor, "manage_users")) notFound();
  const users = await orNotFound(listUsers({ actor }));
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Users</h1>
      </div>
      <div className={styles.withAside}>
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
        <NewUserForm />
      </div>
    </>
  );
}
