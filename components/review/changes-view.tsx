import type { ContentDiff, DiffPart } from "@/lib/diff";
import styles from "./review.module.css";

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : p.kind === "removed" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

const CHANGE_LABEL = { added: "Added", removed: "Removed", changed: "Changed", unchanged: "Unchanged" } as const;

/** "Changes since your last review", per section; a first review shows the whole draft. */
export function ChangesView({ diff, since }: { diff: ContentDiff; since: number | null }) {
  const changed = diff.blocks.filter((b) => b.change !== "unchanged");
  const unchanged = diff.blocks.length - changed.length;
  return (
    <section className={styles.changes} aria-labelledby="changes-heading">
      <h2 id="changes-heading" className={styles.panelTitle}>
        {since === null ? "First review: the whole draft" : `Changes since your last review (revision ${since})`}
      </h2>
      {since !== null ? (
        <p className={styles.legend}>
          <span>
            <ins>added text</ins>
          </span>
          <span>
            <del>removed text</del>
          </span>
          {unchanged ? <span className="muted">{unchanged} unchanged part{unchanged === 1 ? "" : "s"} not shown</span> : null}
        </p>
      ) : (
        <p className="muted">You have not reviewed this check before, so everything is new to you. The draft is shown in full below.</p>
      )}
      {since !== null && changed.length === 0 ? <p className="muted">Nothing changed since you last reviewed it.</p> : null}
      {since !== null
        ? changed.map((block) => (
            <article key={block.key} className={styles.change} aria-label={`${block.label}: ${CHANGE_LABEL[block.change].toLowerCase()}`}>
              <h3 className={styles.changeTitle}>
                {block.label}
                {block.heading.length ? (
                  <>
                    {" · "}
                    <Parts parts={block.heading} />
                  </>
                ) : null}{" "}
                <span className={`badge ${block.change === "removed" ? "badge-warning" : "badge-in_review"}`}>{CHANGE_LABEL[block.change]}</span>
              </h3>
              <p className={styles.changeBody}>
                <Parts parts={block.body} />
              </p>
            </article>
          ))
        : null}
    </section>
  );
}
