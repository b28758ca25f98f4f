import { Feed } from "feed";
import { connection } from "next/server";
import { cachedFeed } from "@/lib/server/public-lists";
import { absoluteUrl } from "@/lib/server/site-url";

/** RSS 2.0 feed of the 50 most recently checked fact-checks (a republication appears again with its new date). */
export async function GET() {
  await connection();
  const { entries: latest, site } = await cachedFeed();
  const feed = new Feed({
    title: site.siteName,
    description: `Fact-checks from ${site.siteName}`,
    id: absoluteUrl("/"),
    link: absoluteUrl("/"),
    language: "en",
    copyright: site.siteName,
    updated: latest[0] ? new Date(latest[0].checkedOn) : undefined,
    feedLinks: { rss: absoluteUrl("/feed.xml") },
  });
  for (const e of latest) {
    const url = absoluteUrl(`/fact-checks/${e.slug}`);
    feed.addItem({ title: e.question, id: url, link: url, description: e.summary, date: new Date(e.checkedOn), published: new Date(e.firstPublished) });
  }
  return new Response(feed.rss2(), {
    headers: { "Content-Type": "application/rss+xml; charset=utf-8", "Cache-Control": "public, max-age=300" },
  });
}
