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
  return (
    <section className={blockers.length ? styles.gateBlocked : styles.gateClear} aria-label="Pre-approval checks">
      <Heading className={styles.panelTitle}>{blockers.length ? "Before approval" : "Ready for approval"}</Heading>
      {blockers.length ? (
        <>
          <p className={styles.gateIntro}>{intro}</p>
          <ul className={styles.gateItems}>
            {blockers.map((b, i) => (
              <li key={`${b.code}-${i}`}>{b.message}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className={styles.gateIntro}>No open comments, every section has a heading and a live citation, and the summary is written.</p>
      )}
    </section>
  );
}
