import { IntentLink } from "@/components/ui/intent-link";
import type { Actor } from "@/lib/server/actor";
import { listComments } from "@/lib/server/comments";
import { listActivity } from "@/lib/server/activity";
import { getReviewPage } from "@/lib/server/reviews";
import { ActivityTimeline } from "./activity-timeline";
import { CommentsPanel, type Place } from "./comments-panel";
import { GateList } from "./gate-list";
import { ReviewRound } from "./review-round";
import { SubmitDialog } from "./submit-dialog";
import styles from "./review.module.css";

const STATUS_TEXT = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved: waiting to be published",
  published: "Published",
} as const;

/** Beside the writer's editor: submit for review, where the review stands, the gate, comments, activity. */
export async function WriterReviewPanel({ actor, id }: { actor: Actor; id: string }) {
  const [review, comments, activity] = await Promise.all([
    getReviewPage({ actor, id }),
    listComments({ actor, id }),
    listActivity({ actor, id }),
  ]);
  const { check } = review;
  const places: Place[] = [
    { id: null, label: "Whole check" },
    { id: "summary", label: "Executive summary" },
    ...check.sections.map((s, i) => ({ id: s.id, label: `Section ${i + 1}${s.heading ? ` · ${s.heading}` : ""}` })),
  ];
  const canSubmit = review.party === "author" && check.status === "draft";

  return (
    <div className={styles.writerPanel}>
      <section className={styles.panel} aria-labelledby="review-status-heading">
        <h2 id="review-status-heading" className={styles.panelTitle}>
          Review
        </h2>
        <p className={styles.statusLine}>
          <span className={`badge badge-${check.status}`}>{STATUS_TEXT[check.status]}</span>
          {review.revision ? <span className="muted">Revision {review.revision.version}</span> : null}
        </p>
        <div className={`${styles.actions} ${styles.actionsBelow}`}>
          {canSubmit ? (
            <SubmitDialog
              checkId={id}
              blockers={review.blockers}
              label={review.revision ? "Resubmit for review" : "Submit for review"}
            />
          ) : null}
          <IntentLink href={`/desk/fact-checks/${id}/review`} className="btn btn-small">
            Review page
          </IntentLink>
        </div>
      </section>
      <ReviewRound requests={review.requests} revision={review.revision?.version ?? null} />
      {check.status === "draft" || check.status === "in_review" ? <GateList blockers={review.blockers} /> : null}
      <CommentsPanel checkId={id} comments={comments} places={places} />
      <details className={styles.panel}>
        <summary>Activity ({activity.length})</summary>
        <ActivityTimeline items={activity} headingLevel={3} />
      </details>
    </div>
  );
}
