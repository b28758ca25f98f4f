import type { Metadata } from "next";
import { PublicShell } from "@/components/public/public-shell";
import { PublishedCheck } from "@/components/public/published-check";
import { absoluteUrl } from "@/lib/server/site-url";
import { checkPageTags, describe, loadForPage, lookup } from "./data";

/**
 * A published fact-check. Rendered once per version and served from the cache
 * (ISR): nothing is prerendered at build (no database there); each page is
 * rendered on its first visit, expired by tag when a version is published or a
 * cited source changes, and its lifetime ends when the check goes stale.
 */
export const revalidate = 3600; // the longest lifetime; see lib/server/public-cache.ts
export const dynamicParams = true;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const page = await lookup(slug);
  if (page.kind !== "page") return { title: "Fact-check not found", robots: { index: false } };
  const description = describe(page);
  const url = absoluteUrl(`/fact-checks/${page.slug}`);
  return {
    title: { absolute: `${page.content.question} · ${page.site.siteName}` },
    description,
    alternates: { canonical: url },
    openGraph: {
      type: "article",
      url,
      title: page.content.question,
      description,
      siteName: page.site.siteName,
      modifiedTime: page.checkedOn,
      publishedTime: page.versions[page.versions.length - 1]?.checkedOn,
      section: page.content.topic ?? undefined,
    },
    // Next.js fills the card's title and description from openGraph.
    twitter: { card: "summary" },
  };
}

export default async function FactCheckPage({ params }: Props) {
  const { slug } = await params;
  const page = await loadForPage(slug);
  return (
    <PublicShell siteName={page.site.siteName} cacheTags={checkPageTags(slug, page.factCheckId)}>
      <PublishedCheck page={page} url={absoluteUrl(`/fact-checks/${page.slug}`)} />
    </PublicShell>
  );
}
