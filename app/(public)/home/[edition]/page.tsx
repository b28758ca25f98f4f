import type { Metadata } from "next";
import { CheckList } from "@/components/public/check-list";
import { PublicShell } from "@/components/public/public-shell";
import { absoluteUrl } from "@/lib/server/site-url";
import styles from "@/components/public/public.module.css";
import { PUBLIC_TAGS } from "@/lib/public-tags";
import { loadHome } from "./data";

/**
 * The home page, "/" (next.config.ts rewrites it here): the latest published checks.
 * Rendered once and served from the cache (ISR), like a fact-check page. The
 * dynamic segment keeps it from being prerendered at build, where there is no
 * database; it is rendered on its first visit instead.
 */
export const revalidate = 3600; // the longest lifetime; see lib/server/public-cache.ts
export const dynamicParams = true;
export function generateStaticParams(): { edition: string }[] {
  return [];
}

type Props = { params: Promise<{ edition: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { site } = await loadHome((await params).edition);
  const description = `Fact-checks from ${site.siteName}, each with the day it was last checked and its sources.`;
  return {
    title: { absolute: `${site.siteName}: latest fact-checks` },
    description,
    alternates: { canonical: absoluteUrl("/"), types: { "application/rss+xml": absoluteUrl("/feed.xml") } },
    openGraph: { type: "website", url: absoluteUrl("/"), title: `${site.siteName}: latest fact-checks`, description, siteName: site.siteName },
  };
}

export default async function HomePage({ params }: Props) {
  const { items, site } = await loadHome((await params).edition);
  return (
    <PublicShell siteName={site.siteName} cacheTags={[PUBLIC_TAGS.lists]}>
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
