import { formatLongDate } from "@/lib/date-format";
import { localDateOf } from "@/lib/local-date";
import type { PublicVersionSummary } from "@/lib/server/public";
import styles from "./public.module.css";

/** Every published version with its date and change note; the shown one is marked, the others link to their page. */
export function VersionHistory({
  slug,
  versions,
  shown,
  current,
  timeZone,
}: {
  slug: string;
  versions: PublicVersionSummary[];
  shown: number;
  current: number;
  timeZone: string;
}) {
  return (
    <section aria-labelledby="history-heading" className={styles.history}>
      <h2 id="history-heading">Version history</h2>
      <ol reversed className={styles.historyList}>
        {versions.map((v) => {
          const href = v.number === current ? `/fact-checks/${slug}` : `/fact-checks/${slug}/versions/${v.number}`;
          const label = `Version ${v.number}, checked on ${formatLongDate(v.checkedOn, timeZone)}`;
          return (
            <li key={v.number} value={v.number}>
              <span className={styles.historyHead}>
                {v.number === shown ? (
                  <strong aria-current="page">{label}</strong>
                ) : (
                  <a href={href}>{label}</a>
                )}
                {v.number === current ? <span className="badge badge-published">Current</span> : null}
              </span>
              <span className={styles.historyNote}>
                <time dateTime={localDateOf(new Date(v.checkedOn), timeZone)} className="visually-hidden">
                  {formatLongDate(v.checkedOn, timeZone)}
                </time>
                {v.changeNote ?? (v.number === 1 ? "First publication." : "No change note.")}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
