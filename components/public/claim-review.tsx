import type { CheckContent } from "@/db/schema";
import { jsonLd } from "@/lib/json-ld";
import { findVerdict, type VerdictScale } from "@/lib/verdicts";

/**
 * ClaimReview JSON-LD (schema.org) for a check that names the claim and a
 * verdict: the verdict's words, and its rating on the newsroom's scale when
 * the verdict is on the newsroom's list. `<` is escaped so no stored text can
 * close the script element.
 */
export function ClaimReviewJsonLd({
  content,
  url,
  siteName,
  datePublished,
  dateModified,
  scale,
}: {
  content: CheckContent;
  scale: VerdictScale;
  url: string;
  siteName: string;
  datePublished: string;
  dateModified: string;
}) {
  if (!content.claimReviewed || !content.verdict) return null;
  const verdict = findVerdict(scale, content.verdict);
  const data = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url,
    name: content.question,
    claimReviewed: content.claimReviewed,
    datePublished,
    dateModified,
    author: { "@type": "Organization", name: siteName },
    reviewRating: {
      "@type": "Rating",
      alternateName: content.verdict,
      ...(verdict ? { ratingValue: verdict.rating, bestRating: scale.bestRating, worstRating: scale.worstRating } : {}),
    },
    itemReviewed: {
      "@type": "Claim",
      ...(content.claimAppearance ? { appearance: [{ "@type": "CreativeWork", url: content.claimAppearance }] } : {}),
    },
  };
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(data) }} />;
}
