import type { Metadata } from "next";
import { formatDateTime } from "@/lib/dates";
import { ROLE_LABELS } from "@/lib/roles";
import { listApiTokens } from "@/lib/server/api-tokens";
import { requirePageActor } from "@/lib/server/session";
import styles from "../../desk.module.css";
import { revokeTokenAction } from "@/app/_actions/api-tokens";
import { NewTokenForm } from "./token-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("/desk/account");
  const tokens = await listApiTokens({ actor });
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Your account</h1>
      </div>
      <p>
        {actor.name} · {actor.email} · <span className="badge">{ROLE_LABELS[actor.role]}</span>
      </p>
      <section className={styles.section} aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">API tokens</h2>
        <p className="muted">
          Scripts can call the JSON API (<code>/api/v1</code>) as you with <code>Authorization: Bearer &lt;token&gt;</code>.
        </p>
        <div className={styles.withAside}>
          {tokens.length === 0 ? (
            <p className="empty">You have no API tokens.</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">Your API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>{formatDateTime(t.createdAt)}</td>
                    <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">Never</span>}</td>
                    <td>
                      <form action={revokeTokenAction}>
                        <input type="hidden" name="id" value={t.id} />
                        <button type="submit" className="btn btn-small btn-danger">
                          Revoke<span className="visually-hidden"> {t.name}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <NewTokenForm />
        </div>
      </section>
    </>
  );
}
