import type { MetadataRoute } from "next";
import { connection } from "next/server";
import { cachedSitemap } from "@/lib/server/public-lists";
import { absoluteUrl } from "@/lib/server/site-url";

/** Every published check, lastmod = its "Checked on" (built per request from a cached list; never at build). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  await connection();
  const entries = await cachedSitemap();
  return [
    { url: absoluteUrl("/"), changeFrequency: "daily" },
    ...entries.map((e) => ({ url: absoluteUrl(`/fact-checks/${e.slug}`), lastModified: e.checkedOn, changeFrequency: "monthly" as const })),
  ];
}
