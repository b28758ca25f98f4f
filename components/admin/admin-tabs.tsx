"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./admin-tabs.module.css";

/** The administration pages this person may open, the current one marked. */
export function AdminTabs({ pages }: { pages: { href: string; label: string }[] }) {
  const pathname = usePathname();
  if (pages.length < 2) return null;
  return (
    <nav aria-label="Administration" className={styles.tabs}>
      {pages.map((page) => (
        <Link key={page.href} href={page.href} aria-current={pathname === page.href || pathname.startsWith(`${page.href}/`) ? "page" : undefined}>
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
