/**
 * The newsroom's verdicts and the rating scale ClaimReview gives them
 * (schema.org `Rating`: `ratingValue` between `worstRating` and
 * `bestRating`, `alternateName` the verdict's words). An admin keeps the
 * list (lib/server/verdicts.ts); a check stores the verdict's words.
 */
export type Verdict = { label: string; rating: number };
export type VerdictScale = { worstRating: number; bestRating: number; verdicts: Verdict[] };

export const DEFAULT_VERDICT_SCALE: VerdictScale = {
  worstRating: 1,
  bestRating: 5,
  verdicts: [
    { label: "False", rating: 1 },
    { label: "Mostly false", rating: 2 },
    { label: "Half true", rating: 3 },
    { label: "Mostly true", rating: 4 },
    { label: "True", rating: 5 },
  ],
};

/** The verdict of the scale with these words (case and spacing aside), or null. */
export function findVerdict(scale: VerdictScale, label: string | null | undefined): Verdict | null {
  const key = label?.trim().toLowerCase();
  if (!key) return null;
  return scale.verdicts.find((v) => v.label.toLowerCase() === key) ?? null;
}

/** What ClaimReview still lacks for a check, in the newsroom's words (empty when it is complete). */
export function claimReviewGaps(check: { claimReviewed: string | null; verdict: string | null }, scale: VerdictScale): string[] {
  const gaps: string[] = [];
  if (!check.claimReviewed?.trim()) gaps.push("No claim reviewed is given: search engines get no ClaimReview for this check");
  if (!check.verdict?.trim()) gaps.push("No verdict is chosen: ClaimReview needs one");
  else if (!findVerdict(scale, check.verdict)) gaps.push(`The verdict “${check.verdict}” is not on the newsroom's list, so it has no rating`);
  return gaps;
}
