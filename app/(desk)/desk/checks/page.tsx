import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { asChoices, EmptyList, FilterSelect } from "@/components/ui/list-filters";
import { ReasonList } from "@/components/refresh/reason-list";
import { offsetParam, Pager } from "@/components/ui/pager";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDateTime, formatLongDate } from "@/lib/date-format";
import { formatLocalDate } from "@/lib/local-date";
import { CHECK_STATUSES, listNewsroomChecks, STALENESS_FILTERS, type NewsroomCheck, type StalenessFilter } from "@/lib/server/newsroom-checks";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";
import styles from "../../desk.module.css";

export const metadata: Metadata = { title: "All fact-checks" };

const STATUS_LABELS = { draft: "Draft", in_review: "In review", approved: "Approved", published: "Published" } as const;
const STALENESS_LABELS: Record<StalenessFilter, string> = {
  stale: "May be outdated",
  fresh: "Published, up to date",
  unpublished: "Never published",
};

type Search = { status?: string; owner?: string; topic?: string; staleness?: string; offset?: string };

/** Every check in the newsroom (editors and admins), with filters; the desk's navigation links here. */
export default async function NewsroomChecksPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("/desk/checks");
  const search = await searchParams;
  const status = (CHECK_STATUSES as readonly string[]).includes(search.status ?? "") ? (search.status as (typeof CHECK_STATUSES)[number]) : null;
  const staleness = (STALENESS_FILTERS as readonly string[]).includes(search.staleness ?? "") ? (search.staleness as StalenessFilter) : null;
  const filters = { status, ownerId: search.owner || null, topic: search.topic || null, staleness };
  const offset = offsetParam(search.offset, 1_000_000);
  const list = await orNotFound(listNewsroomChecks({ actor, filters: { ...filters, offset } }));
  const filtered = !!(filters.status || filters.ownerId || filters.topic || filters.staleness);
  const pageHref = (at: number) => {
    const params = new URLSearchParams();
    if (filters.status) params.set("status", filters.status);
    if (filters.ownerId) params.set("owner", filters.ownerId);
    if (filters.topic) params.set("topic", filters.topic);
    if (filters.staleness) params.set("staleness", filters.staleness);
    if (at > 0) params.set("offset", String(at));
    const query = params.toString();
    return query ? `/desk/checks?${query}` : "/desk/checks";
  };

  return (
    <>
      <div className={styles.pageHeader}>
        <h1>All fact-checks</h1>
        <IntentLink href="/desk/refresh" className="btn">
          Refresh queue
        </IntentLink>
      </div>
      <p className="muted">Every check in the newsroom: drafts, checks in review, approved and published ones.</p>

      <form method="get" className={styles.filters} aria-label="Filter the fact-checks">
        <FilterSelect name="status" label="Status" anyLabel="Any status" value={filters.status} choices={CHECK_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        <FilterSelect name="owner" label="Owner" anyLabel="Anyone" value={filters.ownerId} choices={list.owners.map((o) => ({ value: o.id, label: o.name }))} />
        <FilterSelect name="topic" label="Topic" anyLabel="All topics" value={filters.topic} choices={asChoices(list.topics)} />
        <FilterSelect name="staleness" label="Staleness" anyLabel="Any" value={filters.staleness} choices={STALENESS_FILTERS.map((s) => ({ value: s, label: STALENESS_LABELS[s] }))} />
        <div className={styles.filterButtons}>
          <button type="submit" className="btn">
            Filter
          </button>
          {filtered ? (
            <IntentLink href="/desk/checks" className="btn btn-ghost">
              Clear filters
            </IntentLink>
          ) : null}
        </div>
      </form>

      <p className={styles.summary} aria-live="polite">
        {summaryText(list, filtered)}
      </p>
      {list.items.length === 0 ? (
        <EmptyList total={list.total} filtered={filtered} firstPage={pageHref(0)} noun="list" noMatch="No fact-check matches these filters." nothing="The newsroom has no fact-checks yet." />
      ) : (
        <div className="table-wrap">
          <table className={`table table-cards ${styles.stackTable}`}>
            <caption className="visually-hidden">Fact-checks in the newsroom, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Status</th>
                <th scope="col">Owner</th>
                <th scope="col">Topic</th>
                <th scope="col">Staleness</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <Row key={item.id} item={item} timeZone={list.timeZone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager offset={list.offset} pageSize={list.limit} hasMore={list.offset + list.items.length < list.total} href={pageHref} label="Pages of fact-checks" />
    </>
  );
}

function Row({ item, timeZone }: { item: NewsroomCheck; timeZone: string }) {
  return (
    <tr>
      <td data-label="Question">
        <IntentLink href={`/desk/fact-checks/${item.id}`}>{item.question}</IntentLink>
        {item.status === "approved" || item.live ? (
          <>
            {" · "}
            <IntentLink href={`/desk/fact-checks/${item.id}/publish`}>
              Publishing<span className="visually-hidden"> “{item.question}”</span>
            </IntentLink>
          </>
        ) : null}
      </td>
      <td data-label="Status">
        <StatusBadge status={item.status} />
        {item.live && item.status !== "published" ? <div className="muted small">published version live</div> : null}
      </td>
      <td data-label="Owner">{item.ownerName}</td>
      <td data-label="Topic">{item.topic ?? <span className="muted">—</span>}</td>
      <td data-label="Staleness">
        {!item.live ? (
          <span className="muted">Not published</span>
        ) : item.live.stale ? (
          <>
            <span className="badge badge-warning">May be outdated</span>
            <ReasonList reasons={item.live.reasons.map((text) => ({ kind: "stale", text }))} />
          </>
        ) : (
          <span>
            Checked on {formatLongDate(item.live.checkedOn, timeZone)}
            <span className="muted small"> · due {formatLocalDate(item.live.dueOn, { month: "short", day: "numeric", year: "numeric" })}</span>
          </span>
        )}
      </td>
      <td data-label="Last change">
        <time dateTime={item.updatedAt}>{formatDateTime(item.updatedAt)}</time>
      </td>
    </tr>
  );
}

function summaryText({ items, total, offset }: { items: unknown[]; total: number; offset: number }, filtered: boolean): string {
  const noun = total === 1 ? "fact-check" : "fact-checks";
  const which = filtered ? ` ${total === 1 ? "matches" : "match"} these filters` : " in the newsroom";
  if (items.length === 0 || items.length === total) return `${total} ${noun}${which}.`;
  const range = items.length === 1 ? `${offset + 1}` : `${offset + 1}–${offset + items.length}`;
  return `${range} of ${total} ${noun}${which}.`;
}
