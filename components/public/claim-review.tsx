import type { CheckContent } from "@/db/schema";
import { jsonLd } from "@/lib/json-ld";

/**
 * ClaimReview JSON-LD (schema.org) for a check that names the claim and a
 * verdict. `<` is escaped so no stored text can close the script element.
 */
export function ClaimReviewJsonLd({
  content,
  url,
  siteName,
  datePublished,
  dateModified,
}: {
  content: CheckContent;
  url: string;
  siteName: string;
  datePublished: string;
  dateModified: string;
}) {
  if (!content.claimReviewed || !content.verdict) return null;
  const data = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url,
    name: content.question,
    claimReviewed: content.claimReviewed,
    datePublished,
    dateModified,
    author: { "@type": "Organization", name: siteName },
    reviewRating: { "@type": "Rating", alternateName: content.verdict },
    itemReviewed: {
      "@type": "Claim",
      ...(content.claimAppearance ? { appearance: [{ "@type": "CreativeWork", url: content.claimAppearance }] } : {}),
    },
  };
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd(data) }} />;
}
