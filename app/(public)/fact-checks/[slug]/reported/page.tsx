import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PublicShell } from "@/components/public/public-shell";
import { getSiteSettings } from "@/lib/server/settings";
import { getPublishedCheck } from "@/lib/server/public";
import styles from "@/components/public/public.module.css";

export const metadata: Metadata = { title: "Report received", robots: { index: false } };

const MESSAGES: Record<string, { title: string; body: string }> = {
  recorded: { title: "Thank you for your report", body: "Our editors will look at this fact-check again." },
  already_reported: { title: "Thank you, we already have your report", body: "You reported this fact-check recently; our editors will look at it." },
  rate_limited: { title: "Too many reports", body: "We received many reports from your connection. Please try again in an hour." },
  invalid: { title: "We could not read your report", body: "Keep the note under 1,000 characters and try again." },
  error: { title: "Something went wrong", body: "Your report was not saved. Please try again later." },
};

export default async function ReportedPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ status?: string }> }) {
  const [{ slug }, { status }] = await Promise.all([params, searchParams]);
  const [page, site] = await Promise.all([getPublishedCheck({ slug }), getSiteSettings()]);
  if (page.kind !== "page") notFound();
  const message = MESSAGES[status ?? ""] ?? MESSAGES.recorded!;
  return (
    <PublicShell siteName={site.siteName}>
      <div className={styles.prose}>
        <h1>{message.title}</h1>
        <p role="status">{message.body}</p>
        <p>
          <a href={`/fact-checks/${page.slug}`}>Back to “{page.content.question}”</a>
        </p>
      </div>
    </PublicShell>
  );
}
