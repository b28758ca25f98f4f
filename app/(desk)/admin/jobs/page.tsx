import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatDateTime } from "@/lib/date-format";
import { listJobQueue, type JobDto } from "@/lib/server/jobs";
import { orNotFound } from "@/lib/server/pages";
import { can } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { getSiteSettings } from "@/lib/server/settings";
import deskStyles from "../../desk.module.css";
import { RetryJobButton } from "./retry-button";

export const metadata: Metadata = { title: "Jobs" };

function JobTable({ caption, jobs, timeZone, retry }: { caption: string; jobs: JobDto[]; timeZone: string; retry?: boolean }) {
  return (
    <div className="table-wrap space-after">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Queued</th>
            <th scope="col">Tries</th>
            <th scope="col">{retry ? "Error" : "State"}</th>
            {retry ? <th scope="col">Retry</th> : null}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td>
                <strong>{job.name}</strong>
                <br />
                <code className="muted">{job.id}</code>
              </td>
              <td>{formatDateTime(job.createdAt, timeZone)}</td>
              <td>
                {job.retryCount + 1} of {job.retryLimit + 1}
              </td>
              <td>
                {job.error ? <span className="job-error">{job.error}</span> : null}
                {job.state === "retry" ? <span className="muted"> Next try {formatDateTime(job.startAfter, timeZone)}</span> : null}
                {job.state === "active" && job.startedAt ? <span className="muted">Started {formatDateTime(job.startedAt, timeZone)}</span> : null}
                {job.state === "created" ? <span className="muted">Waiting</span> : null}
              </td>
              {retry ? (
                <td>
                  <RetryJobButton id={job.id} name={job.name} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The job queue (admins): what failed, with its error and a retry; what runs; what waits. */
export default async function JobsPage() {
  const actor = await requirePageActor("/admin/jobs");
  if (!can(actor, "manage_jobs")) notFound();
  const [queue, site] = await Promise.all([orNotFound(listJobQueue({ actor })), getSiteSettings()]);
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Jobs</h1>
      </div>
      <p className="muted">
        Background work: reminders, emails and digests. A job that fails is tried again after a growing delay; one out of tries stays
        here with its error until it is retried.
      </p>
      <section aria-labelledby="failed-heading">
        <h2 id="failed-heading">Failed ({queue.failed.length})</h2>
        {queue.failed.length ? <JobTable caption="Failed jobs" jobs={queue.failed} timeZone={site.timeZone} retry /> : <p className="empty space-after">No job has failed.</p>}
      </section>
      <section aria-labelledby="running-heading">
        <h2 id="running-heading">Running ({queue.running.length})</h2>
        {queue.running.length ? <JobTable caption="Running jobs" jobs={queue.running} timeZone={site.timeZone} /> : <p className="empty space-after">No job is running.</p>}
      </section>
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">Waiting ({queue.waiting.length})</h2>
        {queue.waiting.length ? <JobTable caption="Waiting jobs" jobs={queue.waiting} timeZone={site.timeZone} /> : <p className="empty space-after">No job is waiting.</p>}
      </section>
    </>
  );
}
