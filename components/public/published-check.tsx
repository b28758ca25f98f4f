/**
 * A published version as readers see it, in the order of docs/publishing.md,
 * "What readers see": topic, question, "Checked on", disclaimer, banner when
 * stale (or a notice on an old version), verdict, summary, numbered sections
 * with [n] citations, "Want to dive deeper?", Sources, version history, and the
 * outdated-information report.
 */
import type { ReferenceSource } from "@/lib/citations";
import { formatLongDate } from "@/lib/date-format";
import type { PublishedPage } from "@/lib/server/public";
import { FactCheckArticle } from "@/components/fact-check/fact-check-article";
import { CheckedOn } from "./checked-on";
import { ClaimReviewJsonLd } from "./claim-review";
import { ReportOutdatedForm } from "./report-form";
import { StaleBanner } from "./stale-banner";
import { VersionHistory } from "./version-history";
import styles from "./public.module.css";

export function PublishedCheck({ page, url }: { page: PublishedPage; url: string }) {
  const { content, site } = page;
  const sources: ReferenceSource[] = page.sources.map((s) => ({
    id: s.id,
    url: s.url,
    title: s.title,
    publisher: s.publisher,
    author: s.author,
    publishedOn: s.publishedOn,
    lastVerifiedOn: s.lastVerifiedOn,
    archivedUrl: s.archivedUrl,
    // Readers learn of a change made after this version was checked; the snapshot keeps the rest.
    status: s.changed?.status ?? "live",
    // Factdesk's own archived copies are for staff: readers get `archivedUrl`, an external archive's.
    archivedCopyId: null,
    archivedCopyAt: null,
  }));
  const firstPublished = page.versions[page.versions.length - 1]?.checkedOn ?? page.checkedOn;
  const current = page.versions.find((v) => v.number === page.currentNumber);
  const meta = (
    <div className={styles.meta}>
      <CheckedOn at={page.checkedOn} timeZone={site.timeZone} className={styles.checkedOn} />
      <p className={styles.disclaimer}>
        {site.disclaimer}
        {site.disclaimerLink ? (
          <>
            {" "}
            <a href={site.disclaimerLink}>Learn more about how we check</a>
          </>
        ) : null}
      </p>
      {page.isCurrent && page.stale ? <StaleBanner text={site.bannerText} reasons={page.staleReasons} /> : null}
      {!page.isCurrent ? (
        <div className={styles.oldVersion} role="note" aria-label="Older version">
          <p>
            <strong>This is not the current version of this fact-check.</strong> You are reading version {page.number}, checked on{" "}
            {formatLongDate(page.checkedOn, site.timeZone)}.{" "}
            <a href={`/fact-checks/${page.slug}`}>
              Read the current version{current ? ` (checked on ${formatLongDate(current.checkedOn, site.timeZone)})` : ""}
            </a>
            .
          </p>
        </div>
      ) : null}
      {content.verdict ? (
        <p className={styles.verdict}>
          <strong>Our verdict:</strong> {content.verdict}
          {content.claimReviewed ? <span className="visually-hidden"> on the claim “{content.claimReviewed}”</span> : null}
        </p>
      ) : null}
    </div>
  );
  return (
    <>
      {page.isCurrent ? (
        <ClaimReviewJsonLd content={content} url={url} siteName={site.siteName} datePublished={firstPublished} dateModified={page.checkedOn} scale={page.verdicts} />
      ) : null}
      {content.topic ? <p className={styles.kicker}>{content.topic}</p> : null}
      <FactCheckArticle
        content={content}
        meta={meta}
        sources={sources}
        relatedHref={(q) => (page.relatedLinks[q.id] ? `/fact-checks/${page.relatedLinks[q.id]}` : undefined)}
        after={
          <>
            <VersionHistory slug={page.slug} versions={page.versions} shown={page.number} current={page.currentNumber} timeZone={site.timeZone} />
            {page.isCurrent ? <ReportOutdatedForm slug={page.slug} /> : null}
          </>
        }
      />
    </>
  );
}
