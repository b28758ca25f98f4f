import { formatDateTime } from "@/lib/date-format";
import type { ActivityDto } from "@/lib/server/activity";
import styles from "./review.module.css";

/** The check's history from the audit log: who did what, when. */
export function ActivityTimeline({ items, headingLevel = 2 }: { items: ActivityDto[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={styles.timeline} aria-labelledby="activity-heading">
      <Heading id="activity-heading" className={styles.panelTitle}>
        Activity
      </Heading>
      {items.length === 0 ? (
        <p className={styles.emptySmall}>No activity yet.</p>
      ) : (
        <ol className={styles.timelineList}>
          {items.map((item) => (
            <li key={item.id}>
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
              <span>
                <strong>{item.actorName ?? "Someone"}</strong> {item.text}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
