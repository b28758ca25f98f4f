import type { PublicListItem } from "@/lib/server/public";
import { CheckedOn } from "./checked-on";
import styles from "./public.module.css";

/** Published checks as cards: question, checked-on date, a mark on stale ones, the summary. */
export function CheckList({ items, timeZone, headingLevel = 2 }: { items: (PublicListItem & { snippet?: string })[]; timeZone: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className={styles.list}>
      {items.map((item) => (
        <li key={item.slug} className={styles.item}>
          <article>
            <Heading>
              <a href={`/fact-checks/${item.slug}`}>{item.question}</a>
            </Heading>
            <p className={styles.itemMeta}>
              <CheckedOn at={item.checkedOn} timeZone={timeZone} />
              {item.topic ? <span>{item.topic}</span> : null}
              {item.verdict ? <span className="badge">{item.verdict}</span> : null}
              {item.stale ? <span className="badge badge-warning">May be outdated</span> : null}
            </p>
            {item.summary ? <p className={styles.itemSummary}>{item.snippet ?? item.summary}</p> : null}
          </article>
        </li>
      ))}
    </ol>
  );
}
