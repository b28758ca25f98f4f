/**
 * What a reader sees of a check, in the order of docs/publishing.md, "What readers
 * see". Server-rendered; shared by the staff preview and the public page.
 */
import type { ReactNode } from "react";
import { numberCitations, type ReferenceSource } from "@/lib/citations";
import type { RelatedQuestion, RichDoc, Section } from "@/lib/rich-doc";
import { isDocEmpty } from "@/lib/rich-doc";
import { RichText, type CitationRenderer } from "./rich-text";
import { CitationLink, SourceList } from "./source-list";
import styles from "./fact-check-article.module.css";

export type ArticleContent = {
  question: string;
  summary: RichDoc;
  sections: Section[];
  relatedQuestions: RelatedQuestion[];
};

export function FactCheckArticle({
  content,
  meta,
  sources,
  renderCitation,
  relatedHref,
  after,
}: {
  content: ArticleContent;
  /** Shown under the title: "Checked on …", disclaimer, banner. */
  meta?: ReactNode;
  /** The cited sources (any order): citations render as `[n]` links to a numbered "Sources" list. */
  sources?: ReferenceSource[];
  renderCitation?: CitationRenderer;
  relatedHref?: (question: RelatedQuestion) => string | undefined;
  after?: ReactNode;
}) {
  const numbering = sources ? numberCitations(content) : null;
  const byId = new Map((sources ?? []).map((source) => [source.id, source]));
  const citation: CitationRenderer | undefined =
    renderCitation ??
    (numbering ? (sourceId) => <CitationLink n={numbering.numbers.get(sourceId)} source={byId.get(sourceId)} /> : undefined);
  return (
    <article className={styles.article}>
      <h1 className={styles.question}>{content.question}</h1>
      {meta}
      {!isDocEmpty(content.summary) ? (
        <section aria-labelledby="summary-heading" className={styles.summary}>
          <h2 id="summary-heading" className={styles.summaryHeading}>
            Executive summary
          </h2>
          <RichText doc={content.summary} renderCitation={citation} />
        </section>
      ) : null}
      {content.sections.map((section, index) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`} className={styles.section}>
          <h2 id={`section-${section.id}`} className={styles.sectionHeading}>
            {index + 1}. {section.heading || "Untitled section"}
          </h2>
          <RichText doc={section.body} renderCitation={citation} />
        </section>
      ))}
      {content.relatedQuestions.length > 0 ? (
        <section aria-labelledby="related-heading" className={styles.related}>
          <h2 id="related-heading">Want to dive deeper?</h2>
          <ul>
            {content.relatedQuestions.map((q) => {
              const href = relatedHref?.(q);
              return <li key={q.id}>{href ? <a href={href}>{q.text}</a> : q.text}</li>;
            })}
          </ul>
        </section>
      ) : null}
      {numbering ? <SourceList order={numbering.order} sources={byId} /> : null}
      {after}
    </article>
  );
}
