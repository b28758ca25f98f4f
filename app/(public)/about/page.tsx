import type { Metadata } from "next";
import { PublicShell } from "@/components/public/public-shell";
import styles from "@/components/public/public.module.css";

/**
 * A plain static page (prerendered at build, where there is no database). It
 * has the public pages' frame (search, footer) under a name that is true of
 * every site: the site's own name is a setting, which only the database knows.
 */
export const metadata: Metadata = {
  title: { absolute: "How we check" },
  description: "How our fact-checks are written, reviewed, dated and kept up to date.",
};

export default function AboutPage() {
  return (
    <PublicShell siteName="Fact-checks">
      <div className={styles.prose}>
        <h1>How we check</h1>
        <p>
          Each fact-check answers one question. A writer drafts it from sources anyone can follow, at least one reviewer
          approves it, and an editor publishes exactly the version that was approved.
        </p>
        <h2>“Checked on”</h2>
        <p>
          The date under each question is the day the published version was last verified against its sources. When we
          re-check a fact-check, we publish a new version with a new date and keep every earlier version readable.
        </p>
        <h2>When a fact-check may be outdated</h2>
        <p>
          A fact-check shows a notice when it has not been re-checked for longer than its refresh interval, when a refresh
          we scheduled is overdue, or when one of its sources was updated, went offline or was retracted after the check.
        </p>
        <h2>Tell us</h2>
        <p>
          Every fact-check has a “Report outdated information” link at the end. You do not need an account, and our
          editors read every report.
        </p>
      </div>
    </PublicShell>
  );
}
