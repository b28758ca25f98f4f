import { IntentLink } from "@/components/ui/intent-link";
import styles from "./pager.module.css";

/**
 * "← Previous" and "Next →" between pages of a list addressed by `offset`.
 * Renders nothing when everything fits on one page.
 */
export function Pager({ offset, pageSize, hasMore, href, label = "Pages of results" }: { offset: number; pageSize: number; hasMore: boolean; href: (offset: number) => string; label?: string }) {
  if (offset <= 0 && !hasMore) return null;
  return (
    <nav aria-label={label} className={styles.pager}>
      {offset > 0 ? (
        <IntentLink href={href(Math.max(0, offset - pageSize))} rel="prev">
          <span aria-hidden="true">← </span>Previous
        </IntentLink>
      ) : (
        <span />
      )}
      {hasMore ? (
        <IntentLink href={href(offset + pageSize)} rel="next">
          Next<span aria-hidden="true"> →</span>
        </IntentLink>
      ) : null}
    </nav>
  );
}

/** An `offset` query parameter as a page reads it: anything but a whole number from 0 to `max` counts as 0. */
export function offsetParam(value: string | string[] | undefined, max = 10_000): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : 0;
}
