/**
 * The reader site's frame: header with the site's name, navigation, footer.
 * Plain links and a GET form only: public pages ship no client code of their own.
 *
 * It names the page's cache tags (`public` and `cacheTags`, those the page is
 * cached under) in a meta element, from which server.mjs sets the `Cache-Tag`
 * and `Surrogate-Key` headers a CDN purges by (lib/shared-cache-headers.mjs).
 */
import type { ReactNode } from "react";
import { PUBLIC_TAGS } from "@/lib/public-tags";
import { TAGS_META_NAME } from "@/lib/shared-cache-headers.mjs";
import styles from "./public.module.css";

export function PublicShell({
  siteName,
  children,
  headerSearch = true,
  cacheTags = [],
}: {
  siteName: string;
  children: ReactNode;
  headerSearch?: boolean;
  /** The tags the page is cached under, besides `public`. */
  cacheTags?: readonly string[];
}) {
  return (
    <div className={styles.page}>
      <meta name={TAGS_META_NAME} content={[PUBLIC_TAGS.all, ...cacheTags].join(" ")} />
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <a href="/" className={styles.brand}>
            {siteName}
          </a>
          {headerSearch ? (
            <form action="/search" method="get" role="search" className={styles.headerSearch}>
              <label htmlFor="site-search" className="visually-hidden">
                Search fact-checks
              </label>
              <input id="site-search" name="q" type="search" placeholder="Search fact-checks" className={styles.searchInput} />
              <button type="submit" className="btn">
                Search
              </button>
            </form>
          ) : null}
        </div>
      </header>
      <main id="main" className={styles.main}>
        {children}
      </main>
      <footer className={styles.footer}>
        <div className={styles.footerInner}>
          <span>{siteName}</span>
          <nav aria-label="Site" className={styles.footerNav}>
            <a href="/">Latest fact-checks</a>
            <a href="/about">How we check</a>
            <a href="/feed.xml">Feed</a>
            <a href="/login">Staff sign-in</a>
          </nav>
        </div>
      </footer>
    </div>
  );
}
