/**
 * The numbered "Sources" list at the end of a check, and the `[n]` links that
 * point into it. Numbers come from lib/citations.ts (the same function the
 * editor uses); titles and publishers are plain text, rendered escaped.
 */
import type { ReferenceSource } from "@/lib/citations";
import { isAllowedHref } from "@/lib/rich-doc";
import { formatLongDate } from "@/lib/date-format";
import styles from "./fact-check-article.module.css";

const STATUS_NOTE: Record<ReferenceSource["status"], string | null> = {
  live: null,
  updated: "Updated since it was cited",
  dead: "No longer online",
  retracted: "Retracted by its publisher",
  unreachable: "No longer reachable online",
};

export function sourceAnchor(n: number): string {
  return `source-${n}`;
}

/**
 * An inline `[n]` link to entry n of the list. Its accessible name is "Source n";
 * the source's title and publisher are its tooltip and accessible description
 * (said once, not twice, on pages that cite a source many times).
 */
export function CitationLink({ n, source }: { n: number | undefined; source: ReferenceSource | undefined }) {
  if (!n) return null;
  return (
    <sup className={styles.cite}>
      <a href={`#${sourceAnchor(n)}`} aria-label={`Source ${n}`} title={source ? [source.title, source.publisher].filter(Boolean).join(", ") : undefined}>
        {`[${n}]`}
      </a>
    </sup>
  );
}

/** Entries in number order; `sources` is keyed by id and may lack one (then it says so). */
export function SourceList({ order, sources }: { order: string[]; sources: Map<string, ReferenceSource> }) {
  if (order.length === 0) return null;
  return (
    <section aria-labelledby="sources-heading" className={styles.sources}>
      <h2 id="sources-heading">Sources</h2>
      <ol className={styles.sourceList}>
        {order.map((id, index) => {
          const source = sources.get(id);
          const n = index + 1;
          return (
            <li key={id} id={sourceAnchor(n)} value={n}>
              {source ? <SourceEntry source={source} /> : <span className="muted">This source is no longer in the library.</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Text that already ends a sentence: "Is it inflated?", "Example Inc.", "“Why now?”". */
const ENDS_SENTENCE = /[.!?…]["'”’»)\]]*$/;

/** After `text`, the full stop that ends its part of the reference, unless it has one of its own. */
export function stopAfter(text: string): string {
  return ENDS_SENTENCE.test(text.trim()) ? "" : ".";
}

/** One entry: "Title. Author, Publisher, Month D, YYYY." with no stop doubled after a title or byline that ends with one. */
function SourceEntry({ source }: { source: ReferenceSource }) {
  const link = isAllowedHref(source.url) ? source.url : null;
  const archived = source.archivedUrl && isAllowedHref(source.archivedUrl) ? source.archivedUrl : null;
  const byline = [source.author, source.publisher].filter(Boolean).join(", ");
  const note = STATUS_NOTE[source.status];
  // The text the entry's closing stop follows: a date never ends with one of its own.
  const last = source.publishedOn ? null : byline || source.title;
  return (
    <>
      <cite className={styles.sourceTitle}>
        {link ? (
          <a href={link} rel="noopener noreferrer nofollow">
            {source.title}
          </a>
        ) : (
          source.title
        )}
      </cite>
      {byline ? (
        <span>
          {stopAfter(source.title)} {byline}
        </span>
      ) : null}
      {source.publishedOn ? (
        <span>
          {byline || stopAfter(source.title) ? ", " : " "}
          <time dateTime={source.publishedOn}>{formatLongDate(`${source.publishedOn}T00:00:00Z`)}</time>
        </span>
      ) : null}
      {last === null ? "." : stopAfter(last)}
      <span className={styles.sourceMeta}>
        {source.lastVerifiedOn ? (
          <span>
            Last verified <time dateTime={source.lastVerifiedOn}>{formatLongDate(`${source.lastVerifiedOn}T00:00:00Z`)}</time>
          </span>
        ) : null}
        {archived ? (
          <a href={archived} rel="noopener noreferrer nofollow">
            Archived copy
          </a>
        ) : null}
        {note ? <span className={styles.sourceStatus}>{note}</span> : null}
      </span>
    </>
  );
}
