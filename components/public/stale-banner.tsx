import { sourceAnchor } from "@/components/fact-check/source-list";
import styles from "./public.module.css";

export type StaleReasonText = { text: string; sourceNumber: number | null };

/**
 * The readers' staleness banner: the site's wording (a setting), then why, in a
 * reader's words with the date ("A source this check relies on is no longer
 * online (since May 2, 2026)."), a source's reason linking to its entry.
 */
export function StaleBanner({ text, reasons }: { text: string; reasons: StaleReasonText[] }) {
  return (
    <div className={styles.banner} role="note" aria-label="This fact-check may be outdated">
      <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20" focusable="false">
        <path d="M10 2 1 18h18L10 2Zm0 5 .8 6h-1.6L10 7Zm0 8.2a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" fill="currentColor" />
      </svg>
      <div>
        <p>{text}</p>
        {reasons.length ? (
          <ul className={styles.bannerReasons} aria-label="Why it may be outdated">
            {reasons.map((reason, i) => (
              <li key={i}>
                {reason.text}
                {reason.sourceNumber !== null ? (
                  <>
                    {" "}
                    <a href={`#${sourceAnchor(reason.sourceNumber)}`}>See source [{reason.sourceNumber}]</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
