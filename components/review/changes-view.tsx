import { Fragment, type ReactNode } from "react";
import { CitationLink } from "@/components/fact-check/source-list";
import type { ReferenceSource } from "@/lib/citations";
import { CITATION_TOKEN, type ContentDiff, type DiffPart } from "@/lib/diff";
import styles from "./review.module.css";

/** A citation token of the diff (lib/diff.ts, citationTokens): its number as readers see it, or a source no longer cited. */
export type DiffCitation = { n: number | null; source: ReferenceSource | undefined; title: string };

const TOKENS = new RegExp(`(${CITATION_TOKEN.source})`, "u");

/** Text with its citation tokens drawn as readers see them: `[n]`, the source's title on hover. */
function WithCitations({ text, citations }: { text: string; citations: Record<string, DiffCitation> }) {
  const pieces: ReactNode[] = text.split(TOKENS).map((piece, i) => {
    const cite = i % 2 === 1 ? citations[piece] : undefined;
    if (i % 2 === 0) return piece;
    if (cite?.n) return <CitationLink key={i} n={cite.n} source={cite.source} />;
    return (
      <sup key={i} className={styles.citeGone} title={cite ? `${cite.title} (no longer cited)` : "A source no longer cited"}>
        [–]
      </sup>
    );
  });
  return <>{pieces.map((p, i) => <Fragment key={i}>{p}</Fragment>)}</>;
}

function Parts({ parts, citations }: { parts: DiffPart[]; citations: Record<string, DiffCitation> }) {
  return (
    <>
      {parts.map((p, i) => {
        const text = <WithCitations text={p.text} citations={citations} />;
        return p.kind === "added" ? <ins key={i}>{text}</ins> : p.kind === "removed" ? <del key={i}>{text}</del> : <span key={i}>{text}</span>;
      })}
    </>
  );
}

const CHANGE_LABEL = { added: "Added", removed: "Removed", changed: "Changed", unchanged: "Unchanged" } as const;

/** "Changes since your last review", per section; a first review shows the whole draft. */
export function ChangesView({ diff, since, citations = {} }: { diff: ContentDiff; since: number | null; citations?: Record<string, DiffCitation> }) {
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
                    <Parts parts={block.heading} citations={citations} />
                  </>
                ) : null}{" "}
                <span className={`badge ${block.change === "removed" ? "badge-warning" : "badge-in_review"}`}>{CHANGE_LABEL[block.change]}</span>
              </h3>
              <p className={styles.changeBody}>
                <Parts parts={block.body} citations={citations} />
              </p>
            </article>
          ))
        : null}
    </section>
  );
}
