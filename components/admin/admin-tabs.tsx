"use client";

import { IntentLink } from "@/components/ui/intent-link";
import { usePathname } from "next/navigation";
import styles from "./admin-tabs.module.css";

/** The administration pages this person may open, the current one marked. */
export function AdminTabs({ pages }: { pages: { href: string; label: string }[] }) {
  const pathname = usePathname();
  if (pages.length < 2) return null;
  return (
    <nav aria-label="Administration" className={styles.tabs}>
      {pages.map((page) => (
        <IntentLink key={page.href} href={page.href} aria-current={pathname === page.href || pathname.startsWith(`${page.href}/`) ? "page" : undefined}>
          {page.label}
        </IntentLink>
      ))}
    </nav>
  );
}
