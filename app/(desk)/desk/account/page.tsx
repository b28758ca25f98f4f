import type { Metadata } from "next";
import { formatDateTime } from "@/lib/date-format";
import { ROLE_LABELS } from "@/lib/roles";
import { listApiTokens } from "@/lib/server/api-tokens";
import { getMailPreferences } from "@/lib/server/mail";
import { requirePageActor } from "@/lib/server/session";
import styles from "../../desk.module.css";
import { revokeTokenAction } from "@/app/_actions/api-tokens";
import { EmailPreferencesForm } from "./email-form";
import { ChangePasswordForm } from "./password-form";
import { NewTokenForm } from "./token-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("/desk/account");
  const [tokens, mailPreferences] = await Promise.all([listApiTokens({ actor }), getMailPreferences({ actor })]);
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Your account</h1>
      </div>
      <p>
        {actor.name} · {actor.email} · <span className="badge">{ROLE_LABELS[actor.role]}</span>
      </p>
      <section className={styles.section} aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <p className="muted">Changing it signs you out everywhere else.</p>
        <ChangePasswordForm />
      </section>
      <section className={styles.section} aria-labelledby="email-heading" id="email">
        <h2 id="email-heading">Email</h2>
        <p className="muted">
          For each kind of email, choose to get it at once, in one daily digest, or never. Every email also has a link that stops
          its kind.
        </p>
        <EmailPreferencesForm preferences={mailPreferences} />
      </section>
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
