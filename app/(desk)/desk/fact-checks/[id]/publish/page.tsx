import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { AssignQuestionForm, PublishForm, ScheduleForm, StartRefreshForm } from "@/components/refresh/forms";
import { ReasonList } from "@/components/refresh/reason-list";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatLongDate } from "@/lib/date-format";
import { formatLocalDate } from "@/lib/local-date";
import { listRelatedAssignments } from "@/lib/server/assignments";
import { orNotFound } from "@/lib/server/pages";
import { publishedAnswers } from "@/lib/server/public";
import { getPublishingOverview } from "@/lib/server/publishing";
import { listAssignableStaff } from "@/lib/server/refresh";
import { requirePageActor } from "@/lib/server/session";
import { getVerdictScale } from "@/lib/server/verdicts";
import { claimReviewGaps, findVerdict } from "@/lib/verdicts";
import styles from "@/components/refresh/refresh.module.css";
import deskStyles from "../../../../desk.module.css";
import { assignQuestionAction } from "@/app/_actions/assignments";
import { publishAction, startRefreshAction } from "@/app/_actions/publishing";
import { scheduleAction } from "@/app/_actions/refresh";

export const metadata: Metadata = { title: "Publishing" };

export default async function PublishingPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ published?: string }> }) {
  const [{ id }, { published }] = await Promise.all([params, searchParams]);
  const actor = await requirePageActor(`/desk/fact-checks/${id}/publish`);
  const o = await orNotFound(getPublishingOverview({ actor, id }));
  const questions = o.check.relatedQuestions;
  const [assignees, assignments, answers, verdicts] = await Promise.all([
    o.can.schedule || (o.can.assign && questions.length) ? listAssignableStaff({ actor }) : [],
    listRelatedAssignments({ actor, id }),
    publishedAnswers(o.check),
    getVerdictScale(),
  ]);
  const verdict = findVerdict(verdicts, o.check.verdict);
  const gaps = claimReviewGaps(o.check, verdicts);
  const publicHref = o.live ? `/fact-checks/${o.live.slug}` : null;
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <div>
          <p className="muted flush">
            Publishing
          </p>
          <h1>{o.check.question}</h1>
        </div>
        <IntentLink href={`/desk/fact-checks/${id}`} className="btn">
          Open in the editor
        </IntentLink>
      </div>
      {published && publicHref ? (
        <p className="notice" role="status">
          Version {published} is live. <a href={publicHref}>See the public page</a>.
        </p>
      ) : null}
      <div className={styles.panel}>
        <div>
          <section className="card" aria-labelledby="state-heading">
            <h2 id="state-heading">State</h2>
            <dl className={styles.facts}>
              <dt>Working copy</dt>
              <dd>
                <StatusBadge status={o.check.status} />
                {o.live && o.check.status !== "published" ? <span className="muted"> · a refresh is in progress; readers see version {o.live.number}</span> : null}
              </dd>
              <dt>Live version</dt>
              <dd>
                {o.live && publicHref ? (
                  <>
                    <a href={publicHref}>Version {o.live.number}</a>, checked on {formatLongDate(o.live.checkedOn, o.timeZone)}
                  </>
                ) : (
                  <span className="muted">Not published yet</span>
                )}
              </dd>
              {o.live ? (
                <>
                  <dt>Due for refresh</dt>
                  <dd>{o.dueOn ? formatLocalDate(o.dueOn) : "—"}</dd>
                  <dt>Scheduled</dt>
                  <dd>
                    {o.schedule ? (
                      <>
                        {formatLocalDate(o.schedule.on)}
                        {o.schedule.assigneeName ? ` · ${o.schedule.assigneeName}` : ""}
                      </>
                    ) : (
                      <span className="muted">Not scheduled</span>
                    )}
                  </dd>
                  <dt>Staleness</dt>
                  <dd>
                    {o.reasons.length ? <ReasonList reasons={o.reasons} /> : <span className="muted">Up to date</span>}
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          <section className="card space-before" aria-labelledby="claim-heading">
            <h2 id="claim-heading">The claim</h2>
            <dl className={styles.facts}>
              <dt>Claim reviewed</dt>
              <dd>{o.check.claimReviewed ?? <span className="muted">Not given</span>}</dd>
              <dt>Verdict</dt>
              <dd>
                {o.check.verdict ? (
                  <>
                    {o.check.verdict}
                    {verdict ? <span className="muted"> · rated {verdict.rating} from {verdicts.worstRating} (worst) to {verdicts.bestRating} (best)</span> : null}
                  </>
                ) : (
                  <span className="muted">Not chosen</span>
                )}
              </dd>
              <dt>Where it appeared</dt>
              <dd>
                {o.check.claimAppearance ? (
                  <a href={o.check.claimAppearance} rel="noopener noreferrer nofollow">
                    {o.check.claimAppearance}
                  </a>
                ) : (
                  <span className="muted">Not given</span>
                )}
              </dd>
            </dl>
            {gaps.length ? (
              <div className="notice" role="note" aria-label="ClaimReview incomplete">
                <p className="flush">Search engines get no complete ClaimReview for this check until these are set in the editor:</p>
                <ul>
                  {gaps.map((gap) => (
                    <li key={gap}>{gap}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>

          {o.can.publish ? (
            <section className="card space-before" aria-labelledby="publish-heading">
              <h2 id="publish-heading">{o.live ? `Publish version ${o.live.number + 1}` : "Publish"}</h2>
              <p>
                The approved revision becomes the public page
                {o.live ? `; version ${o.live.number} stays readable in the version history` : ""}. “Checked on” becomes today.
              </p>
              <PublishForm id={id} action={publishAction} />
            </section>
          ) : null}

          {o.can.startRefresh ? (
            <section className="card space-before" aria-labelledby="refresh-heading">
              <h2 id="refresh-heading">Refresh</h2>
              <p>Opens a new draft copied from the live version. Readers keep seeing the live version until the refresh is reviewed and published.</p>
              <StartRefreshForm id={id} action={startRefreshAction} />
            </section>
          ) : null}

          {o.can.schedule ? (
            <ScheduleForm
              action={scheduleAction}
              assignees={assignees}
              ids={[id]}
              today={o.today}
              initial={{ nextRefreshAt: o.schedule?.on ?? null, assigneeId: o.schedule?.assigneeId ?? null }}
              allowClear={!!o.schedule}
            />
          ) : null}

          {questions.length ? (
            <section className="card space-before" aria-labelledby="related-heading">
              <h2 id="related-heading">Want to dive deeper?</h2>
              <p className="muted">
                {o.can.assign ? "Turn a related question into a new fact-check for a writer." : "Editors turn these questions into new fact-checks."} Once
                one is published, readers of this check find the link under the question.
              </p>
              <ul className={styles.questions}>
                {questions.map((q) => {
                  const assigned = assignments[q.id];
                  return (
                    <li key={q.id}>
                      <p className={styles.questionText}>{q.text}</p>
                      {assigned ? (
                        <p className="flush">
                          <IntentLink href={`/desk/fact-checks/${assigned.factCheckId}`}>{assigned.question}</IntentLink>{" "}
                          <StatusBadge status={assigned.status} />
                          <span className="muted"> · {assigned.ownerName}</span>
                        </p>
                      ) : answers[q.id] ? (
                        <p className="flush">
                          Answered by <a href={`/fact-checks/${answers[q.id]}`}>a published fact-check</a>
                        </p>
                      ) : o.can.assign ? (
                        <AssignQuestionForm id={id} questionId={q.id} question={q.text} assignees={assignees} action={assignQuestionAction} />
                      ) : (
                        <span className="muted">Not assigned</span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
        </div>

        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Published versions</h2>
          {o.versions.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ol reversed className={styles.reasons}>
              {o.versions.map((v) => (
                <li key={v.number}>
                  <a href={v.live ? `/fact-checks/${v.slug}` : `/fact-checks/${o.live?.slug ?? v.slug}/versions/${v.number}`}>Version {v.number}</a>{" "}
                  {v.live ? <span className="badge badge-published">Live</span> : null}
                  <br />
                  <span className="muted">
                    {formatLongDate(v.checkedOn, o.timeZone)} · {v.publishedByName}
                  </span>
                  {v.changeNote ? <p className={styles.changeNote}>{v.changeNote}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}
