import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { ActivityTimeline } from "@/components/review/activity-timeline";
import { ChangesView } from "@/components/review/changes-view";
import type { Place } from "@/components/review/comments-panel";
import { DecisionPanel } from "@/components/review/decision-panel";
import { GateList } from "@/components/review/gate-list";
import { LiveUpdates } from "@/components/review/live-updates";
import { ReviewRound } from "@/components/review/review-round";
import { ReviewWorkspace } from "@/components/review/review-workspace";
import { SubmitDialog } from "@/components/review/submit-dialog";
import { FactCheckArticle } from "@/components/fact-check/fact-check-article";
import { MarkCheckRead } from "@/components/notifications/mark-check-read";
import { StatusBadge } from "@/components/ui/status-badge";
import { citationIdsOf, numberCitations } from "@/lib/citations";
import { citationTokens, diffContent } from "@/lib/diff";
import { listComments } from "@/lib/server/comments";
import { orNotFound } from "@/lib/server/pages";
import { can } from "@/lib/server/policies/fact-check";
import { listActivity } from "@/lib/server/activity";
import { hasUnreadAbout } from "@/lib/server/notifications";
import { getReviewPage } from "@/lib/server/reviews";
import { requirePageActor } from "@/lib/server/session";
import { getFactCheckWithSources } from "@/lib/server/fact-checks";
import styles from "@/components/review/review.module.css";

export const metadata: Metadata = { title: "Review" };

/** The reviewer's page: the draft as readers will see it, what changed, comments, and the decision. */
export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}/review`);
  const review = await orNotFound(getReviewPage({ actor, id }));
  const [{ check, sources }, comments, activity, unread] = await Promise.all([
    getFactCheckWithSources({ actor, id }),
    listComments({ actor, id }),
    listActivity({ actor, id }),
    hasUnreadAbout({ actor, factCheckId: id }),
  ]);
  const places: Place[] = [
    { id: null, label: "Whole check" },
    { id: "summary", label: "Executive summary" },
    ...check.sections.map((s, i) => ({ id: s.id, label: `Section ${i + 1}${s.heading ? ` · ${s.heading}` : ""}` })),
  ];
  // Citations in the diff as readers will see them: [n] by the draft's numbering, the title on hover.
  const titles = review.sourceTitles;
  const numbering = numberCitations(check);
  const before = review.lastReviewed?.content ?? null;
  const beforeIds = before ? [...citationIdsOf(before.summary), ...before.sections.flatMap((s) => citationIdsOf(s.body))] : [];
  const tokens = citationTokens([...numbering.order, ...beforeIds]);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const diff = diffContent(before, check, (sourceId) => titles[sourceId] ?? "source", tokens.cite);
  const citations = Object.fromEntries(
    [...numbering.order, ...beforeIds].map((sourceId) => [
      tokens.cite(sourceId),
      { n: numbering.numbers.get(sourceId) ?? null, source: byId.get(sourceId), title: titles[sourceId] ?? "A source" },
    ]),
  );
  const canSubmit = review.party === "author" && check.status === "draft";

  const sidebarTop = (
    <>
      {canSubmit ? (
        <div className="card">
          <p className={styles.roundTitle}>This draft is with you.</p>
          <SubmitDialog
            checkId={id}
            blockers={review.blockers}
            label={review.revision ? "Resubmit for review" : "Submit for review"}
          />
        </div>
      ) : null}
      {review.canDecide ? (
        <DecisionPanel checkId={id} revision={review.revision!.version} blocked={review.blockers.some((b) => !b.advisory)} />
      ) : review.myRequest && review.myRequest.state !== "pending" ? (
        <p className="notice" role="status">
          {review.myRequest.state === "approved"
            ? `You approved revision ${review.myRequest.revision}.`
            : `You requested changes to revision ${review.myRequest.revision}.`}
        </p>
      ) : null}
      <GateList blockers={review.blockers} />
      <ReviewRound requests={review.requests} revision={review.revision?.version ?? null} />
    </>
  );

  return (
    <>
      {unread ? <MarkCheckRead factCheckId={id} /> : null}
      <LiveUpdates checkId={id} />
      <div className={styles.reviewHeader}>
        <p className={styles.crumbs}>
          <IntentLink href="/desk">Desk</IntentLink> › Review
        </p>
        <p className={styles.statusLine}>
          <StatusBadge status={check.status} />
          {review.revision ? <span className="muted">Revision {review.revision.version}</span> : null}
          {can(actor, "write", check) ? (
            <IntentLink href={`/desk/fact-checks/${id}`} className="btn btn-small">
              Open in editor
            </IntentLink>
          ) : null}
        </p>
      </div>
      {review.canDecide ? <ChangesView diff={diff} since={review.lastReviewed?.version ?? null} citations={citations} /> : null}
      <ReviewWorkspace checkId={id} comments={comments} places={places} sidebarTop={sidebarTop}>
        <FactCheckArticle content={check} sources={sources} />
      </ReviewWorkspace>
      <ActivityTimeline items={activity} />
    </>
  );
}
