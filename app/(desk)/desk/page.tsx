import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDateTime } from "@/lib/date-format";
import { listDesk, type DeskItem } from "@/lib/server/fact-checks";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import styles from "../desk.module.css";

export const metadata: Metadata = { title: "Desk" };

export default async function DeskPage() {
  const actor = await requirePageActor("/desk");
  const { mine, waiting } = await listDesk({ actor });
  return (
    <>
      <div className={styles.pageHeader}>
        <h1>Your desk</h1>
        <div className={styles.headerActions}>
          {can(actor, "list_checks") ? (
            <IntentLink href="/desk/checks" className="btn">
              All fact-checks
            </IntentLink>
          ) : null}
          <IntentLink href="/desk/new" className="btn btn-primary">
            New fact-check
          </IntentLink>
        </div>
      </div>
      {can(actor, "review") ? (
        <section className={styles.section} aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Waiting for you</h2>
          <DeskTable items={waiting} empty="Nothing is waiting for you." caption="Checks waiting for you" canPublish={can(actor, "publish")} />
        </section>
      ) : null}
      <section className={styles.section} aria-labelledby="mine-heading">
        <h2 id="mine-heading">Your fact-checks</h2>
        <DeskTable
          items={mine}
          empty="You have no fact-checks yet. Start one with “New fact-check”."
          caption="Fact-checks you own, co-write or are assigned to"
          canPublish={can(actor, "publish")}
        />
      </section>
    </>
  );
}

/** `canPublish`: the publishing page's link says "Publish" for an approved check; for others it is the read-only "Publishing". */
function DeskTable({ items, empty, caption, canPublish }: { items: DeskItem[]; empty: string; caption: string; canPublish: boolean }) {
  if (items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="table table-cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Status</th>
            <th scope="col">Topic</th>
            <th scope="col">Last change</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td>
                <IntentLink href={`/desk/fact-checks/${item.id}${item.role === "review" ? "/review" : ""}`}>{item.question}</IntentLink>
                {item.role === "assignee" ? <span className="muted"> · assigned to you</span> : null}
                {item.role === "collaborator" ? <span className="muted"> · co-writer with {item.ownerName}</span> : null}
                {item.role === "waiting" ? <span className="muted"> · by {item.ownerName}</span> : null}
                {item.role === "review" ? <span className="muted"> · review for {item.ownerName}</span> : null}
                {item.editingNow.length ? <span className={styles.editingNow}> · editing now: {item.editingNow.join(", ")}</span> : null}
                {item.status === "approved" || item.status === "published" ? (
                  <>
                    {" · "}
                    <IntentLink href={`/desk/fact-checks/${item.id}/publish`}>
                      {item.status === "approved" && canPublish ? "Publish" : "Publishing"}
                      <span className="visually-hidden"> “{item.question}”</span>
                    </IntentLink>
                  </>
                ) : null}
              </td>
              <td data-label="Status">
                <StatusBadge status={item.status} />
              </td>
              <td data-label="Topic">{item.topic ?? <span className="muted">—</span>}</td>
              <td data-label="Last change">
                <time dateTime={item.updatedAt}>{formatDateTime(item.updatedAt)}</time>
                {item.updatedByName ? <span className="muted"> by {item.updatedByName}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
