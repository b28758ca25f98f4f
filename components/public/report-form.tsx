import styles from "./public.module.css";

/** "Report outdated information": a plain form POST (no account, no client code); the server thanks and redirects. */
export function ReportOutdatedForm({ slug }: { slug: string }) {
  return (
    <details className={styles.report}>
      <summary>Report outdated information</summary>
      <form action={`/fact-checks/${slug}/report`} method="post" className={styles.reportForm}>
        <div className="field">
          <label htmlFor="report-note">What looks outdated? (optional)</label>
          <textarea id="report-note" name="note" rows={3} maxLength={1000} aria-describedby="report-hint" />
          <p id="report-hint" className="hint">
            Our editors read every report. Do not include personal information.
          </p>
        </div>
        <button type="submit" className="btn btn-primary">
          Send report
        </button>
      </form>
    </details>
  );
}
