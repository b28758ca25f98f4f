import type { Blocker } from "@/lib/server/reviews";
import styles from "./review.module.css";

/** The pre-approval gate: what blocks approval, or that nothing does. */
export function GateList({
  blockers,
  intro = "Approval is blocked until these are fixed:",
  headingLevel = 2,
}: {
  blockers: Blocker[];
  intro?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const blocking = blockers.filter((b) => !b.advisory);
  const advice = blockers.filter((b) => b.advisory);
  return (
    <section className={blocking.length ? styles.gateBlocked : styles.gateClear} aria-label="Pre-approval checks">
      <Heading className={styles.panelTitle}>{blocking.length ? "Before approval" : "Ready for approval"}</Heading>
      {blocking.length ? (
        <>
          <p className={styles.gateIntro}>{intro}</p>
          <ul className={styles.gateItems}>
            {blocking.map((b, i) => (
              <li key={`${b.code}-${i}`}>{b.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {blocking.length === 0 ? (
        <p className={styles.gateIntro}>No open comments, every section has a heading and a live citation, and the summary is written.</p>
      ) : null}
      {advice.length ? (
        <>
          <p className={styles.gateIntro}>For the claim and verdict search engines show (ClaimReview); these do not block approval:</p>
          <ul className={styles.gateItems}>
            {advice.map((b, i) => (
              <li key={`${b.code}-${i}`}>{b.message}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
