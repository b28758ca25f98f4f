import styles from "./refresh.module.css";

/** Why a check is in the queue, as staff read it ("Source [3] retracted on …"). */
export function ReasonList({ reasons }: { reasons: { kind: string; text: string }[] }) {
  return (
    <ul className={styles.reasons}>
      {reasons.map((r, i) => (
        <li key={`${r.kind}-${i}`} className={r.kind === "due" || r.kind === "report" ? undefined : styles.reasonStale}>
          {r.text}
        </li>
      ))}
    </ul>
  );
}
