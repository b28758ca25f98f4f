"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { SOURCE_SORT_LABELS, SOURCE_SORTS, SOURCE_STATUS_LABELS, SOURCE_STATUSES, type SourceSort } from "@/lib/source-input";
import styles from "./sources.module.css";

type Params = { q: string; status: string; sort: string };

/**
 * The library's search form. Without JavaScript it is a plain GET form; with
 * it, results follow the typing (debounced) by replacing the URL, and the
 * server renders the results.
 */
export function LibrarySearch({ q, status, sort }: { q: string; status: string; sort: SourceSort }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [params, setParams] = useState<Params>({ q, status, sort });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function go(next: Params) {
    clearTimeout(timer.current);
    const search = new URLSearchParams();
    if (next.q.trim()) search.set("q", next.q.trim());
    if (next.status) search.set("status", next.status);
    // "Relevance" is the default with words, "recently added" without: keep URLs short.
    const defaultSort = next.q.trim() ? "relevance" : "added";
    if (next.sort && next.sort !== defaultSort) search.set("sort", next.sort);
    const query = search.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  function update(change: Partial<Params>, delay = 0) {
    const next = { ...params, ...change };
    setParams(next);
    clearTimeout(timer.current);
    if (delay) timer.current = setTimeout(() => go(next), delay);
    else go(next);
  }

  return (
    <form
      role="search"
      aria-label="Source library"
      action={pathname}
      method="get"
      className={styles.searchForm}
      onSubmit={(event) => {
        event.preventDefault();
        go(params);
      }}
    >
      <div className={`field ${styles.searchField}`}>
        <label htmlFor="library-q">Search the library</label>
        <input
          id="library-q"
          name="q"
          type="search"
          value={params.q}
          placeholder="Words in the title, publisher, URL or notes, or a domain"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          onChange={(event) => update({ q: event.target.value, sort: params.sort === "relevance" || params.sort === "added" ? (event.target.value.trim() ? "relevance" : "added") : params.sort }, 250)}
        />
      </div>
      <div className="field">
        <label htmlFor="library-status">Status</label>
        <select id="library-status" name="status" value={params.status} onChange={(event) => update({ status: event.target.value })}>
          <option value="">Any status</option>
          {SOURCE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-sort">Sort by</label>
        <select id="library-sort" name="sort" value={params.sort} onChange={(event) => update({ sort: event.target.value })}>
          {SOURCE_SORTS.map((s) => (
            <option key={s} value={s}>
              {SOURCE_SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.searchButton}>
        <button type="submit" className="btn">
          Search
        </button>
        <span className={styles.pending} role="status">
          {pending ? "Searching…" : ""}
        </span>
      </div>
    </form>
  );
}
