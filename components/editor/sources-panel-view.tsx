import { formatLongDate } from "@/lib/date-format";
import { SOURCE_STATUS_LABELS } from "@/lib/source-status";
import type { CitedSource } from "./citation-context";
import styles from "./citation.module.css";

/**
 * The sources panel, from the cited ids in number order and what is known of
 * them. No hooks: the server draws it in the first view (first-view.tsx),
 * before the engine is there, and the engine's panel
 * (citation-sources-panel.tsx) draws the same.
 */
export function SourcesPanelView({
  headingId,
  order,
  sources,
  missing,
}: {
  headingId: string;
  order: readonly string[];
  sources: ReadonlyMap<string, CitedSource>;
  /** Ids the server does not know (deleted, or never existed). */
  missing: ReadonlySet<string>;
}) {
  const flagged = order.filter((id) => missing.has(id) || (sources.get(id)?.status ?? "live") !== "live").length;
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId}>Sources in this check</h2>
      {order.length === 0 ? (
        <p className={styles.panelEmpty}>No citations yet. Use Cite in a field&apos;s toolbar to add one.</p>
      ) : (
        <>
          {flagged > 0 ? (
            <p className={styles.panelEmpty} role="status">
              {flagged === 1 ? "1 source needs" : `${flagged} sources need`} attention.
            </p>
          ) : null}
          <ol className={styles.panelList} aria-label="Cited sources in number order">
            {order.map((id, index) => {
              const source = sources.get(id);
              const status = missing.has(id) ? "missing" : source?.status ?? "live";
              return (
                <li key={id}>
                  <span className={styles.panelNumber}>[{index + 1}]</span>
                  <span>
                    {source ? (
                      <a href={`/sources/${encodeURIComponent(id)}`} target="_blank" rel="noopener" className={styles.panelTitle}>
                        {source.title}
                        <span className="visually-hidden"> (opens in a new tab)</span>
                      </a>
                    ) : (
                      <span className={styles.panelTitle}>{missing.has(id) ? "Unknown source" : "Loading…"}</span>
                    )}
                    {source?.publisher ? <span className={styles.panelMeta}>{source.publisher}</span> : null}
                    {source?.archivedCopyId && source.archivedCopyAt ? (
                      <a
                        href={`/sources/${encodeURIComponent(id)}/archive/${encodeURIComponent(source.archivedCopyId)}`}
                        target="_blank"
                        rel="noopener noreferrer"
                        className={styles.panelMeta}
                      >
                        Archived copy of {formatLongDate(source.archivedCopyAt)}
                        <span className="visually-hidden"> (opens in a new tab)</span>
                      </a>
                    ) : null}
                    {status !== "live" ? (
                      <span className={`${styles.flag} ${status === "retracted" || status === "missing" ? styles.flagDanger : ""}`}>
                        {status === "missing" ? "Not in the library" : SOURCE_STATUS_LABELS[status]}
                      </span>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
