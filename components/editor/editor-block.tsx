/**
 * The editor's blocks as both its drawings show them (the live editor and the
 * server's first view, first-view.tsx): each titled, with its hint, in the
 * same markup, so that nothing moves when one replaces the other.
 */
import type { ReactNode } from "react";
import type { VerdictScale } from "@/lib/verdicts";
import styles from "./editor.module.css";

export const BLOCKS = {
  summary: { labelId: "fact-check-summary-label", title: "Executive summary", hint: "The short answer readers see first.", hintId: "fact-check-summary-hint" },
  claim: { labelId: "fact-check-claim-label", title: "The claim", hint: "What readers and search engines see as the claim checked and the verdict on it (ClaimReview)." },
  sections: { labelId: "fact-check-sections-label", title: "Sections" },
  related: { labelId: "fact-check-related-label", title: "Want to dive deeper?", hint: "Related questions readers may ask next, in the order they will see them." },
} as const;

export function EditorBlock({ block, children }: { block: keyof typeof BLOCKS; children: ReactNode }) {
  const { labelId, title, ...rest } = BLOCKS[block];
  const hint = "hint" in rest ? rest.hint : null;
  return (
    <section className={styles.block} aria-labelledby={labelId}>
      <h2 id={labelId} className={styles.blockTitle}>
        {title}
      </h2>
      {hint ? (
        <p className={styles.hint} id={"hintId" in rest ? rest.hintId : undefined}>
          {hint}
        </p>
      ) : null}
      {children}
    </section>
  );
}

/** What the verdict field says under it: the chosen verdict's rating, or where the list comes from. */
export function verdictHint(known: { rating: number } | null | undefined, scale: VerdictScale): string {
  return known ? `Rated ${known.rating} on the newsroom's scale from ${scale.worstRating} (worst) to ${scale.bestRating} (best).` : "From the newsroom's list (an admin keeps it in Settings).";
}
