import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { asChoices, EmptyList, FilterSelect } from "@/components/ui/list-filters";
import { ScheduleForm, TickBox } from "@/components/refresh/forms";
import { offsetParam, Pager } from "@/components/ui/pager";
import { ReasonList } from "@/components/refresh/reason-list";
import { formatLongDate } from "@/lib/date-format";
import { formatLocalDate } from "@/lib/local-date";
import { orNotFound } from "@/lib/server/pages";
import { listAssignableStaff, listRefreshQueue, QUEUE_PAGE_SIZE, QUEUE_REASONS, type QueueReason } from "@/lib/server/refresh";
import { requirePageActor } from "@/lib/server/session";
import { REASON_LABELS } from "@/lib/staleness-rules";
import styles from "@/components/refresh/refresh.module.css";
import deskStyles from "../../desk.module.css";
import { scheduleAction } from "@/app/_actions/refresh";

export const metadata: Metadata = { title: "Refresh queue" };

type Search = { topic?: string; assignee?: string; reason?: string; offset?: string };

export default async function RefreshQueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("/desk/refresh");
  const search = await searchParams;
  const reason = QUEUE_REASONS.includes(search.reason as QueueReason) ? (search.reason as QueueReason) : null;
  const filters = { topic: search.topic || null, assigneeId: search.assignee || null, reason };
  const offset = offsetParam(search.offset, 1_000_000);
  const queue = await orNotFound(listRefreshQueue({ actor, filters: { ...filters, offset, limit: QUEUE_PAGE_SIZE } }));
  const staff = await listAssignableStaff({ actor });
  const filtered = !!(filters.topic || filters.assigneeId || filters.reason);
  const pageHref = (at: number) => {
    const params = new URLSearchParams();
    if (filters.topic) params.set("topic", filters.topic);
    if (filters.assigneeId) params.set("assignee", filters.assigneeId);
    if (filters.reason) params.set("reason", filters.reason);
    if (at > 0) params.set("offset", String(at));
    const query = params.toString();
    return query ? `/desk/refresh?${query}` : "/desk/refresh";
  };
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Refresh queue</h1>
        <IntentLink href="/desk/refresh/calendar" className="btn">
          Calendar
        </IntentLink>
      </div>
      <p className="muted">
        Published checks that may be outdated, were reported by readers, or are due within {queue.windowDays} days. Today is{" "}
        {formatLocalDate(queue.today)} ({queue.timeZone}).
      </p>

      <form method="get" className={deskStyles.filters} aria-label="Filter the queue">
        <FilterSelect name="topic" label="Topic" anyLabel="All topics" value={filters.topic} choices={asChoices(queue.topics)} />
        <FilterSelect
          name="assignee"
          label="Assignee"
          anyLabel="Anyone"
          value={filters.assigneeId}
          choices={[{ value: "none", label: "Unassigned" }, ...staff.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <FilterSelect name="reason" label="Reason" anyLabel="Any reason" value={filters.reason} choices={QUEUE_REASONS.map((r) => ({ value: r, label: REASON_LABELS[r] }))} />
        <button type="submit" className="btn">
          Filter
        </button>
        {filtered ? (
          <IntentLink href="/desk/refresh" className="btn btn-ghost">
            Clear filters
          </IntentLink>
        ) : null}
      </form>

      {queue.total > 0 ? (
        <p className={deskStyles.summary} aria-live="polite">
          {summaryText(queue, filtered)}
        </p>
      ) : null}
      {queue.items.length === 0 ? (
        <EmptyList total={queue.total} filtered={filtered} firstPage={pageHref(0)} noun="queue" noMatch="No check in the queue matches these filters." nothing="Nothing needs a refresh now." />
      ) : (
        <ScheduleForm action={scheduleAction} assignees={staff} today={queue.today} submitLabel="Schedule selected">
          <div className={styles.tableWrap}>
            <table className="table table-cards">
              <caption className="visually-hidden">Checks to refresh, most overdue first</caption>
              <thead>
                <tr>
                  <th scope="col" className={styles.checkCell}>
                    <span className="visually-hidden">Select</span>
                  </th>
                  <th scope="col">Fact-check</th>
                  <th scope="col">Reasons</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {queue.items.map((item) => (
                  <tr key={item.id}>
                    <td className={styles.checkCell}>
                      <TickBox id={item.id} label={`Select “${item.question}”`} />
                    </td>
                    <td>
                      <IntentLink href={`/desk/fact-checks/${item.id}/publish`}>{item.question}</IntentLink>
                      <div className="muted small">
                        {item.topic ? `${item.topic} · ` : ""}checked on {formatLongDate(item.checkedOn, queue.timeZone)}
                        {item.refreshInProgress ? " · refresh in progress" : ""}
                      </div>
                    </td>
                    <td data-label="Reasons">
                      <ReasonList reasons={item.reasons} />
                    </td>
                    <td data-label="Owner">{item.ownerName}</td>
                    <td data-label="Assignee">{item.assigneeName ?? <span className="muted">—</span>}</td>
                    <td data-label="Due" className={styles.due}>
                      <span className={item.daysUntilDue < 0 ? styles.overdue : undefined}>{formatLocalDate(item.dueOn, { month: "short", day: "numeric", year: "numeric" })}</span>
                      {item.nextRefreshOn ? <div className="muted">scheduled</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ScheduleForm>
      )}
      <Pager offset={queue.offset} pageSize={queue.limit} hasMore={queue.offset + queue.items.length < queue.total} href={pageHref} label="Pages of the queue" />
    </>
  );
}

function summaryText({ items, total, offset }: { items: unknown[]; total: number; offset: number }, filtered: boolean): string {
  const noun = total === 1 ? "check" : "checks";
  const which = filtered ? ` ${total === 1 ? "matches" : "match"} these filters` : " in the queue";
  if (items.length === 0 || items.length === total) return `${total} ${noun}${which}.`;
  const range = items.length === 1 ? `${offset + 1}` : `${offset + 1}–${offset + items.length}`;
  return `${range} of ${total} ${noun}${which}, most overdue first.`;
}
