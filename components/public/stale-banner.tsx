import styles from "./public.module.css";

/** The readers' staleness banner (its text is a site setting). Staff see the reasons in the refresh queue. */
export function StaleBanner({ text }: { text: string }) {
  return (
    <div className={styles.banner} role="note" aria-label="This fact-check may be outdated">
      <svg aria-hidden="true" viewBox="0 0 20 20" width="20" height="20" focusable="false">
        <path d="M10 2 1 18h18L10 2Zm0 5 .8 6h-1.6L10 7Zm0 8.2a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" fill="currentColor" />
      </svg>
      <p>{text}</p>
    </div>
  );
}
