import type { Metadata } from "next";
import { connection } from "next/server";
import { CheckList } from "@/components/public/check-list";
import { PublicShell } from "@/components/public/public-shell";
import { cachedHome } from "@/lib/server/public-lists";
import { absoluteUrl } from "@/lib/server/site-url";
import styles from "@/components/public/public.module.css";

// Rendered per request from a cached list (the database is never opened at build).
export async function generateMetadata(): Promise<Metadata> {
  await connection();
  const { site } = await cachedHome();
  const description = `Fact-checks from ${site.siteName}, each with the day it was last checked and its sources.`;
  return {
    title: { absolute: `${site.siteName}: latest fact-checks` },
    description,
    alternates: { canonical: absoluteUrl("/"), types: { "application/rss+xml": absoluteUrl("/feed.xml") } },
    openGraph: { type: "website", url: absoluteUrl("/"), title: `${site.siteName}: latest fact-checks`, description, siteName: site.siteName },
  };
}

export default async function HomePage() {
  await connection();
  const { items, site } = await cachedHome();
  return (
    <PublicShell siteName={site.siteName}>
      <div className={styles.intro}>
        <h1>Latest fact-checks</h1>
        <p>Every fact-check says when it was last checked, and tells you when it may be outdated.</p>
      </div>
      {items.length ? (
        <CheckList items={items} timeZone={site.timeZone} />
      ) : (
        <p className="empty">No fact-checks are published yet.</p>
      )}
    </PublicShell>
  );
}
