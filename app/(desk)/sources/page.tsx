import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { LibrarySearch } from "@/components/sources/library-search";
import { SourceStatusBadge } from "@/components/sources/source-status-badge";
import { offsetParam, Pager } from "@/components/ui/pager";
import styles from "@/components/sources/sources.module.css";
import { formatLongDate } from "@/lib/date-format";
import { SOURCE_SORTS, SOURCE_STATUS_LABELS, SOURCE_STATUSES, type SourceStatus } from "@/lib/source-input";
import { requirePageActor } from "@/lib/server/session";
import { searchSources, type SourceListItem } from "@/lib/server/source-search";
import deskStyles from "../desk.module.css";

export const metadata: Metadata = { title: "Source library" };

const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SourcesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  // Unknown values in a hand-edited address are ignored rather than refused.
  const q = (one(params.q) ?? "").slice(0, 200);
  const status = SOURCE_STATUSES.find((s) => s === one(params.status));
  const sortParam = SOURCE_SORTS.find((s) => s === one(params.sort));
  const offset = offsetParam(params.offset);
  const actor = await requirePageActor(`/sources${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  const result = await searchSources({ actor, input: { q, status, sort: sortParam, limit: PAGE_SIZE, offset } });

  const hrefWith = (change: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    const merged = { q: q || undefined, status, sort: sortParam, offset: offset || undefined, ...change };
    for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== "" && value !== 0) search.set(key, String(value));
    const s = search.toString();
    return s ? `/sources?${s}` : "/sources";
  };

  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Source library</h1>
        <IntentLink href="/sources/new" className="btn btn-primary">
          Add a source
        </IntentLink>
      </div>
      {one(params.deleted) ? (
        <p className="notice" role="status">
          The source was deleted.
        </p>
      ) : null}
      <LibrarySearch q={q} status={status ?? ""} sort={result.sort} />
      <p className={styles.resultSummary} aria-live="polite" aria-atomic="true">
        {summaryText(result.data.length, result.hasMore, offset, result.query, status)}
      </p>
      {result.data.length > 0 ? <ResultsTable items={result.data} /> : <EmptyState query={result.query} filtered={!!status} />}
      <Pager offset={offset} pageSize={PAGE_SIZE} hasMore={result.hasMore} href={(o) => hrefWith({ offset: o || undefined })} />
    </>
  );
}

function summaryText(count: number, hasMore: boolean, offset: number, query: string, status?: string): string {
  if (count === 0) return query ? `No sources match “${query}”.` : "No sources.";
  const range = offset > 0 || hasMore ? `${offset + 1}–${offset + count}` : `${count}`;
  const what = query ? ` matching “${query}”` : "";
  const filter = status ? ` (${SOURCE_STATUS_LABELS[status as SourceStatus].toLowerCase()})` : "";
  return `${range} ${count === 1 && !hasMore && offset === 0 ? "source" : "sources"}${what}${filter}${hasMore ? ", more on the next page" : ""}.`;
}

function EmptyState({ query, filtered }: { query: string; filtered: boolean }) {
  if (!query && !filtered) {
    return (
      <p className="empty">
        The library is empty. <IntentLink href="/sources/new">Add the first source</IntentLink>.
      </p>
    );
  }
  return (
    <p className="empty">
      Nothing found. Try fewer or shorter words, another status, or <IntentLink href="/sources/new">add the source</IntentLink>.
    </p>
  );
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return url;
  }
}

function ResultsTable({ items }: { items: SourceListItem[] }) {
  return (
    <table className={`table table-cards ${styles.results}`}>
      <caption className="visually-hidden">Sources</caption>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Publisher</th>
          <th scope="col">Author</th>
          <th scope="col">Published</th>
          <th scope="col">Last verified</th>
          <th scope="col">Status</th>
          <th scope="col" className={styles.num}>
            Cited in
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id}>
            <td className={styles.titleCell}>
              <IntentLink href={`/sources/${s.id}`}>{s.title}</IntentLink>
              <span className={styles.host}>{hostOf(s.url)}</span>
            </td>
            <td data-label="Publisher">{s.publisher ?? <span className="muted">—</span>}</td>
            <td data-label="Author">{s.author ?? <span className="muted">—</span>}</td>
            <td data-label="Published" className={styles.nowrap}>
              {s.publishedOn ? <time dateTime={s.publishedOn}>{formatLongDate(s.publishedOn)}</time> : <span className="muted">—</span>}
            </td>
            <td data-label="Last verified" className={styles.nowrap}>
              {s.lastVerifiedOn ? <time dateTime={s.lastVerifiedOn}>{formatLongDate(s.lastVerifiedOn)}</time> : <span className="muted">never</span>}
            </td>
            <td data-label="Status">
              <SourceStatusBadge status={s.status} />
            </td>
            <td data-label="Cited in" className={styles.num}>
              {s.citedIn === 1 ? "1 check" : `${s.citedIn} checks`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
