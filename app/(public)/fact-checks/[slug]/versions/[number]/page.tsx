import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PublicShell } from "@/components/public/public-shell";
import { PublishedCheck } from "@/components/public/published-check";
import { absoluteUrl } from "@/lib/server/site-url";
import { checkPageTags, describe, loadForPage, lookup } from "../../data";

/** An older published version: immutable, cached like the current page, never indexed. */
export const revalidate = 3600; // the longest lifetime; see lib/server/public-cache.ts
export const dynamicParams = true;
export function generateStaticParams(): { slug: string; number: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string; number: string }> };

function versionNumber(raw: string): number | null {
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, number } = await params;
  const n = versionNumber(number);
  const page = n ? await lookup(slug, n) : null;
  if (!page || page.kind !== "page") return { title: "Fact-check not found", robots: { index: false } };
  return {
    title: { absolute: `${page.content.question} (version ${page.number}) · ${page.site.siteName}` },
    description: describe(page),
    alternates: { canonical: absoluteUrl(`/fact-checks/${page.slug}`) },
    robots: { index: false, follow: true },
  };
}

export default async function FactCheckVersionPage({ params }: Props) {
  const { slug, number } = await params;
  const n = versionNumber(number);
  if (!n) notFound();
  const page = await loadForPage(slug, n);
  return (
    <PublicShell siteName={page.site.siteName} cacheTags={checkPageTags(slug, page.factCheckId)}>
      <PublishedCheck page={page} url={absoluteUrl(`/fact-checks/${page.slug}`)} />
    </PublicShell>
  );
}
