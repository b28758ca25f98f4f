import type { Metadata } from "next";
import { CheckList } from "@/components/public/check-list";
import { PublicShell } from "@/components/public/public-shell";
import { searchPublished } from "@/lib/server/public";
import { cachedSite } from "@/lib/server/public-lists";
import styles from "@/components/public/public.module.css";

type Props = { searchParams: Promise<{ q?: string | string[] }> };

const queryOf = (q: string | string[] | undefined) => (Array.isArray(q) ? q[0] : q)?.trim().slice(0, 200) ?? "";

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = queryOf((await searchParams).q);
  const site = await cachedSite();
  return {
    title: { absolute: q ? `Search: ${q} · ${site.siteName}` : `Search · ${site.siteName}` },
    description: `Search the published fact-checks of ${site.siteName}.`,
    robots: { index: false, follow: true },
  };
}

export default async function SearchPage({ searchParams }: Props) {
  const q = queryOf((await searchParams).q);
  const [site, results] = await Promise.all([cachedSite(), q ? searchPublished({ q }) : Promise.resolve([])]);
  return (
    <PublicShell siteName={site.siteName} headerSearch={false}>
      <div className={styles.intro}>
        <h1>Search fact-checks</h1>
      </div>
      <form action="/search" method="get" role="search" className={styles.searchPage}>
        <label htmlFor="search-q" className="visually-hidden">
          Words to search for
        </label>
        <input id="search-q" name="q" type="search" defaultValue={q} className={styles.searchInput} placeholder="e.g. bike lanes" />
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </form>
      {q ? (
        <p role="status">
          {results.length === 0
            ? `No published fact-check matches “${q}”.`
            : `${results.length} ${results.length === 1 ? "fact-check matches" : "fact-checks match"} “${q}”.`}
        </p>
      ) : null}
      {results.length ? <CheckList items={results} timeZone={site.timeZone} /> : null}
    </PublicShell>
  );
}
