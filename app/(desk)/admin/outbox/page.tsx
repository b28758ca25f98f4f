import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/lib/date-format";
import { listOutbox, smtpUrl } from "@/lib/server/mail";
import { orNotFound } from "@/lib/server/pages";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { getSiteSettings } from "@/lib/server/settings";
import deskStyles from "../../desk.module.css";

export const metadata: Metadata = { title: "Outbox" };

const TRANSPORT_LABELS: Record<string, string> = { smtp: "Sent", outbox: "In the outbox", skipped: "Not sent (turned off)" };

/** The latest emails as they were sent, or, without SMTP_URL, as they would have been (admins). */
export default async function OutboxPage() {
  const actor = await requirePageActor("/admin/outbox");
  if (!can(actor, "manage_jobs")) notFound();
  const [messages, site] = await Promise.all([orNotFound(listOutbox({ actor })), getSiteSettings()]);
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Outbox</h1>
      </div>
      <p className="muted">
        {smtpUrl()
          ? "Emails are sent through the SMTP server set in SMTP_URL. These are the latest, with what went wrong for those not sent yet."
          : "No SMTP server is set (SMTP_URL): emails are kept here instead of being sent."}
      </p>
      {messages.length === 0 ? (
        <p className="empty">No email yet.</p>
      ) : (
        <ul className="outbox">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <details>
                <summary>
                  <strong>{m.subject ?? "(not written yet)"}</strong>
                  <br />
                  <span className="muted">
                    To {m.to} · {formatDateTime(m.createdAt, site.timeZone)} ·{" "}
                    {m.sentAt ? (TRANSPORT_LABELS[m.transport ?? ""] ?? m.transport) : "Waiting"}
                  </span>
                  {m.lastError ? (
                    <>
                      <br />
                      <span className="job-error">{m.lastError}</span>
                    </>
                  ) : null}
                </summary>
                {m.text ? <pre className="outbox-text">{m.text}</pre> : null}
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
