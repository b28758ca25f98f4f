import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { addDays, addMonths, formatLocalDate, startOfMonth, type LocalDate } from "@/lib/local-date";
import { orNotFound } from "@/lib/server/pages";
import { getRefreshCalendar, type CalendarEntry } from "@/lib/server/refresh";
import { requirePageActor } from "@/lib/server/session";
import styles from "@/components/refresh/refresh.module.css";
import deskStyles from "../../../desk.module.css";

export const metadata: Metadata = { title: "Refresh calendar" };

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

type Search = { view?: string; date?: string };

export default async function RefreshCalendarPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageActor("/desk/refresh/calendar");
  const search = await searchParams;
  const view = search.view === "week" ? "week" : "month";
  const { anchor, from, to, today, entries } = await orNotFound(getRefreshCalendar({ actor, view, date: search.date }));
  const byDay = new Map<string, CalendarEntry[]>();
  for (const e of entries) byDay.set(e.on, [...(byDay.get(e.on) ?? []), e]);

  const prev = view === "week" ? addDays(anchor, -7) : addMonths(startOfMonth(anchor), -1);
  const next = view === "week" ? addDays(anchor, 7) : addMonths(startOfMonth(anchor), 1);
  const title =
    view === "week"
      ? `Week of ${formatLocalDate(from)}`
      : formatLocalDate(startOfMonth(anchor), { month: "long", year: "numeric" });
  const href = (v: string, d: string) => `/desk/refresh/calendar?view=${v}&date=${d}`;

  const days: LocalDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) days.push(d);

  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Refresh calendar</h1>
        <IntentLink href="/desk/refresh" className="btn">
          Refresh queue
        </IntentLink>
      </div>
      <nav className={styles.tabs} aria-label="Calendar view">
        <IntentLink href={href("month", anchor)} className="btn btn-small" aria-current={view === "month" ? "page" : undefined}>
          Month
        </IntentLink>
        <IntentLink href={href("week", anchor)} className="btn btn-small" aria-current={view === "week" ? "page" : undefined}>
          Week
        </IntentLink>
        <span aria-hidden="true" className={styles.tabsGap} />
        <IntentLink href={href(view, prev)} className="btn btn-small">
          ← Previous<span className="visually-hidden"> {view}</span>
        </IntentLink>
        <IntentLink href={href(view, today)} className="btn btn-small">
          Today
        </IntentLink>
        <IntentLink href={href(view, next)} className="btn btn-small">
          Next<span className="visually-hidden"> {view}</span> →
        </IntentLink>
      </nav>
      <h2>{title}</h2>
      <p className="muted">
        {entries.length === 0 ? "No refresh is scheduled in this period." : `${entries.length} scheduled ${entries.length === 1 ? "refresh" : "refreshes"}.`}
      </p>

      {view === "month" ? (
        <div className={styles.tableWrap}>
          <table className={styles.month}>
            <caption className="visually-hidden">Scheduled refreshes, {title}</caption>
            <thead>
              <tr>
                {WEEKDAYS.map((d) => (
                  <th key={d} scope="col">
                    {d}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: days.length / 7 }, (_, w) => (
                <tr key={w}>
                  {days.slice(w * 7, w * 7 + 7).map((day) => (
                    <td
                      key={day}
                      className={[day.slice(0, 7) !== anchor.slice(0, 7) ? styles.outside : "", day === today ? styles.today : ""].join(" ")}
                      aria-current={day === today ? "date" : undefined}
                    >
                      <span className={styles.dayNumber}>
                        <span className="visually-hidden">{formatLocalDate(day)}</span>
                        <span aria-hidden="true">{Number(day.slice(8))}</span>
                      </span>
                      <Entries entries={byDay.get(day)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ol className={styles.week}>
          {days.map((day) => (
            <li key={day} className={`${styles.weekDay} ${day === today ? styles.today : ""}`} aria-current={day === today ? "date" : undefined}>
              <h2>{formatLocalDate(day, { weekday: "long", month: "long", day: "numeric" })}</h2>
              {byDay.get(day)?.length ? <Entries entries={byDay.get(day)} /> : <span className="muted">Nothing scheduled</span>}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function Entries({ entries }: { entries?: CalendarEntry[] }) {
  if (!entries?.length) return null;
  return (
    <ul className={styles.entries}>
      {entries.map((e) => (
        <li key={e.id} className={`${styles.entry} ${e.overdue ? styles.entryOverdue : ""}`}>
          <IntentLink href={`/desk/fact-checks/${e.id}/publish`}>{e.question}</IntentLink>
          <span className="muted">
            {" "}
            · {e.assigneeName ?? "unassigned"}
            {e.overdue ? " · overdue" : ""}
            {e.refreshInProgress ? " · in progress" : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
