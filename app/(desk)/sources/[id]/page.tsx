import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { DeleteSourceForm } from "@/components/sources/delete-source-form";
import { AcceptRedirectForm, CheckNowForm } from "@/components/sources/link-check-forms";
import { SourceForm } from "@/components/sources/source-form";
import { SourceStatusBadge } from "@/components/sources/source-status-badge";
import { SourceStatusForm } from "@/components/sources/status-form";
import styles from "@/components/sources/sources.module.css";
import { formatDateTime, formatLongDate } from "@/lib/date-format";
import { SOURCE_STATUS_LABELS, type SourceStatus } from "@/lib/source-input";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";
import { FIELD_LABELS, type SourceHistoryEntry } from "@/lib/server/source-history";
import { getSource, type SourceDetail } from "@/lib/server/sources";
import { listLinkChecks, listSnapshots, type LinkCheckDto, type SnapshotSummary } from "@/lib/server/link-checks";
import { can } from "@/lib/server/policies/newsroom";
import {
  acceptRedirectAction,
  changeSourceStatusAction,
  checkLinkNowAction,
  deleteSourceAction,
  updateSourceAction,
} from "@/app/_actions/sources";

export const metadata: Metadata = { title: "Source" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SourcePage({ params, searchParams }: Props) {
  const { id } = await params;
  const flags = await searchParams;
  const actor = await requirePageActor(`/sources/${id}`);
  const detail = await orNotFound(getSource({ actor, id }));
  const { source } = detail;
  const [checks, snapshots] = await Promise.all([listLinkChecks({ actor, id, limit: 30 }), listSnapshots({ actor, sourceId: id })]);
  return (
    <>
      <p>
        <IntentLink href="/sources">← Source library</IntentLink>
      </p>
      {flags.added ? (
        <p className="notice" role="status">
          Source added to the library.
        </p>
      ) : null}
      {flags.existing ? (
        <p className="notice" role="status">
          This URL is already in the library, so here is the existing source: cite this one.
        </p>
      ) : null}
      <h1 className={styles.title}>{source.title}</h1>
      <div className={styles.headerMeta}>
        <SourceStatusBadge status={source.status} />
        <a href={source.url} rel="noopener noreferrer nofollow" className={styles.title}>
          {source.url}
        </a>
      </div>
      <div className={styles.layout}>
        <div>
          {source.status !== "live" ? (
            <div className={styles.statusBox} role="note">
              <p>
                <strong>{SOURCE_STATUS_LABELS[source.status]}</strong>
                {source.statusChangedAt ? <> since {formatLongDate(source.statusChangedAt)}</> : null}
                {source.statusNote ? <>: {source.statusNote}</> : "."}
                {source.statusSetBy?.kind === "link_checker" ? " (set by the link checker)" : null}
              </p>
            </div>
          ) : null}
          {source.redirectUrl ? (
            <div className={styles.offer} role="note" aria-label="New address">
              <p>
                This address now redirects permanently to{" "}
                <a href={source.redirectUrl} rel="noopener noreferrer nofollow">
                  {source.redirectUrl}
                </a>
                . Use the new address for this source?
              </p>
              <AcceptRedirectForm action={acceptRedirectAction} sourceId={source.id} redirectUrl={source.redirectUrl} />
            </div>
          ) : null}
          <section aria-labelledby="details-heading" className={`card ${styles.block}`}>
            <h2 id="details-heading">Details</h2>
            <Details detail={detail} />
          </section>
          <section aria-labelledby="cited-heading" className={`card ${styles.block}`}>
            <h2 id="cited-heading">Cited in</h2>
            <CitedIn detail={detail} />
          </section>
          <section aria-labelledby="checks-heading" className={`card ${styles.block}`}>
            <h2 id="checks-heading">Link checks</h2>
            <LinkChecks checks={checks.data} lastCheckedAt={source.lastCheckedAt} textChangedAt={source.textChangedAt} />
            {can(actor, "check_links") ? <CheckNowForm action={checkLinkNowAction} sourceId={source.id} /> : null}
          </section>
          <section aria-labelledby="archive-heading" className={`card ${styles.block}`}>
            <h2 id="archive-heading">Archived copies</h2>
            <ArchivedCopies sourceId={source.id} snapshots={snapshots} />
          </section>
          <section aria-labelledby="edit-heading" className={`card ${styles.block}`}>
            <h2 id="edit-heading">Edit details</h2>
            <SourceForm
              mode="edit"
              action={updateSourceAction}
              sourceId={source.id}
              initial={{
                url: source.url,
                title: source.title,
                publisher: source.publisher ?? "",
                author: source.author ?? "",
                publishedOn: source.publishedOn ?? "",
                lastVerifiedOn: source.lastVerifiedOn ?? "",
                archivedUrl: source.archivedUrl ?? "",
                notes: source.notes ?? "",
              }}
            />
          </section>
        </div>
        <div className={styles.side}>
          <section aria-labelledby="status-heading" className="card">
            <h2 id="status-heading">Status</h2>
            <SourceStatusForm action={changeSourceStatusAction} sourceId={source.id} status={source.status} />
          </section>
          <section aria-labelledby="history-heading" className="card">
            <h2 id="history-heading">History</h2>
            <History entries={detail.history} />
          </section>
          {detail.canDelete ? (
            <section aria-label="Delete" className="card">
              <DeleteSourceForm action={deleteSourceAction} sourceId={source.id} />
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

function dateText(value: string | null): string | null {
  return value ? formatLongDate(value) : null;
}

function Details({ detail }: { detail: SourceDetail }) {
  const { source } = detail;
  const none = <span className="muted">—</span>;
  return (
    <dl className={styles.details}>
      <dt>URL</dt>
      <dd>
        <a href={source.url} rel="noopener noreferrer nofollow">
          {source.url}
        </a>
      </dd>
      <dt>Publisher</dt>
      <dd>{source.publisher ?? none}</dd>
      <dt>Author</dt>
      <dd>{source.author ?? none}</dd>
      <dt>Published</dt>
      <dd>{source.publishedOn ? <time dateTime={source.publishedOn}>{dateText(source.publishedOn)}</time> : none}</dd>
      <dt>Last verified</dt>
      <dd>{source.lastVerifiedOn ? <time dateTime={source.lastVerifiedOn}>{dateText(source.lastVerifiedOn)}</time> : "Never"}</dd>
      <dt>Archived copy</dt>
      <dd>
        {source.archivedCopyId && source.archivedCopyAt ? (
          <a href={`/sources/${source.id}/archive/${source.archivedCopyId}`} target="_blank" rel="noopener noreferrer">
            Archived copy of {formatLongDate(source.archivedCopyAt)}
          </a>
        ) : null}
        {source.archivedCopyId && source.archivedUrl ? <br /> : null}
        {source.archivedUrl ? (
          <a href={source.archivedUrl} rel="noopener noreferrer nofollow">
            {source.archivedUrl}
          </a>
        ) : null}
        {!source.archivedUrl && !source.archivedCopyId ? none : null}
      </dd>
      <dt>Status</dt>
      <dd>
        {SOURCE_STATUS_LABELS[source.status]}
        {source.statusChangedAt ? <span className="muted"> · changed {formatDateTime(source.statusChangedAt)}</span> : null}
        {source.statusSetBy ? (
          <span className="muted"> · set by {source.statusSetBy.kind === "link_checker" ? "the link checker" : source.statusSetBy.name}</span>
        ) : null}
        {source.statusNote && source.status === "live" ? <span className={`${styles.notes} muted`}> · {source.statusNote}</span> : null}
      </dd>
      <dt>Notes</dt>
      <dd className={styles.notes}>{source.notes ?? none}</dd>
      <dt>Added</dt>
      <dd>
        {formatLongDate(source.createdAt)}
        {source.addedBy ? <> by {source.addedBy.name}</> : null}
      </dd>
    </dl>
  );
}

function CitedIn({ detail }: { detail: SourceDetail }) {
  const total = detail.citedIn.length + detail.otherCitingChecks;
  if (total === 0) {
    return <p className="muted">No fact-check cites this source yet.</p>;
  }
  return (
    <>
      <p className="muted">
        {total === 1 ? "1 fact-check cites" : `${total} fact-checks cite`} this source.
      </p>
      <ul className={styles.citing}>
        {detail.citedIn.map((check) => (
          <li key={check.id}>
            <IntentLink href={`/desk/fact-checks/${check.id}`}>{check.question}</IntentLink>{" "}
            <span className="badge">{check.status.replace("_", " ")}</span>
            <span className={styles.locations}>
              {check.locations.length ? check.locations.join(" · ") : null}
              {check.inLiveVersion ? `${check.locations.length ? " · " : ""}the published version` : null}
            </span>
          </li>
        ))}
      </ul>
      {detail.otherCitingChecks > 0 ? (
        <p className="muted">
          And {detail.otherCitingChecks === 1 ? "1 draft" : `${detail.otherCitingChecks} drafts`} by other writers that you cannot open.
        </p>
      ) : null}
    </>
  );
}

function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (field === "status") return SOURCE_STATUS_LABELS[value as SourceStatus] ?? String(value);
  if ((field === "publishedOn" || field === "lastVerifiedOn") && typeof value === "string") return formatLongDate(value);
  const text = String(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

function History({ entries }: { entries: SourceHistoryEntry[] }) {
  if (entries.length === 0) return <p className="muted">No changes recorded.</p>;
  return (
    <ol className={styles.history} reversed>
      {entries.map((entry) => {
        // Entries without a person are the link checker's (it changes a status by itself).
        const who = entry.actor?.name ?? ("status" in entry.changes ? "The link checker" : "Someone");
        return (
          <li key={entry.id}>
            <strong>{who}</strong> {entry.created ? "added this source" : "changed"}{" "}
            <span className="muted">
              · <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </span>
            {entry.created ? null : (
              <ul className={styles.historyChanges}>
                {Object.entries(entry.changes).map(([field, change]) => (
                  <li key={field}>
                    {FIELD_LABELS[field as keyof typeof FIELD_LABELS] ?? field}: {formatValue(field, change.from)} → {formatValue(field, change.to)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

const OUTCOME_LABELS: Record<LinkCheckDto["outcome"], string> = { ok: "OK", failed: "Failed", blocked: "Not fetched" };

function LinkChecks({ checks, lastCheckedAt, textChangedAt }: { checks: LinkCheckDto[]; lastCheckedAt: string | null; textChangedAt: string | null }) {
  return (
    <>
      <p className="muted">
        {lastCheckedAt ? <>Last checked {formatDateTime(lastCheckedAt)}.</> : "Not checked yet."} Sources cited by a published check are checked once a day.
        {textChangedAt ? <> Its text last changed on {formatLongDate(textChangedAt)}.</> : null}
      </p>
      {checks.length ? (
        <ol className={styles.checks} aria-label="Link check history">
          {checks.map((check) => (
            <li key={check.id}>
              <span className={`badge ${styles[`outcome_${check.outcome}`]}`}>{OUTCOME_LABELS[check.outcome]}</span>{" "}
              <time dateTime={check.checkedAt}>{formatDateTime(check.checkedAt)}</time>
              {check.httpStatus ? <> · HTTP {check.httpStatus}</> : null}
              {check.error ? <> · {check.error}</> : null}
              {check.redirects?.length && check.finalUrl ? <span className={styles.locations}>Redirected to {check.finalUrl}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}

function ArchivedCopies({ sourceId, snapshots }: { sourceId: string; snapshots: SnapshotSummary[] }) {
  if (snapshots.length === 0) return <p className="muted">No archived copy yet: one is kept when the page is first read, and again whenever its text changes.</p>;
  return (
    <ul className={styles.checks}>
      {snapshots.map((snapshot) => (
        <li key={snapshot.id}>
          <a href={`/sources/${sourceId}/archive/${snapshot.id}`} target="_blank" rel="noopener noreferrer">
            Archived copy of {formatDateTime(snapshot.takenAt)}
          </a>
          <span className={styles.locations}>
            {snapshot.url} · {Math.max(1, Math.round(snapshot.bytes / 1024))} KB{snapshot.truncated ? " (cut at the size cap)" : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
