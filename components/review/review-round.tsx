import { formatDateTime } from "@/lib/date-format";
import type { RequestDto } from "@/lib/server/reviews";
import styles from "./review.module.css";

const STATE_LABEL: Record<RequestDto["state"], { text: string; badge: string }> = {
  pending: { text: "Waiting", badge: "badge-in_review" },
  approved: { text: "Approved", badge: "badge-approved" },
  changes_requested: { text: "Changes requested", badge: "badge-warning" },
  withdrawn: { text: "Withdrawn", badge: "badge-draft" },
};

/** Who was asked to review the latest revision, and where each stands. */
export function ReviewRound({ requests, revision }: { requests: RequestDto[]; revision: number | null }) {
  if (!revision || requests.length === 0) return null;
  const note = requests.find((r) => r.note)?.note;
  return (
    <section className={styles.round} aria-label={`Reviewers of revision ${revision}`}>
      <p className={styles.roundTitle}>
        Revision {revision} · sent by {requests[0]!.requestedByName} on {formatDateTime(requests[0]!.createdAt)}
      </p>
      <ul className={styles.roundList}>
        {requests.map((r) => (
          <li key={r.id}>
            <span>{r.reviewerName}</span> <span className={`badge ${STATE_LABEL[r.state].badge}`}>{STATE_LABEL[r.state].text}</span>
            {r.decisionNote ? (
              <figure className={styles.decisionNote}>
                <blockquote className={styles.roundNote}>{r.decisionNote}</blockquote>
                <figcaption className="muted">
                  {r.state === "changes_requested" ? "What needs to change" : "Note"}, from {r.reviewerName}
                  {r.decidedAt ? <>, {formatDateTime(r.decidedAt)}</> : null}
                </figcaption>
              </figure>
            ) : null}
          </li>
        ))}
      </ul>
      {note ? <p className={styles.roundNote}>“{note}”</p> : null}
    </section>
  );
}
