import Link from "next/link";
import type { ReactNode } from "react";
import styles from "../login/login.module.css";

/** The signed-out pages' frame: the brand, a heading, and what the page asks for. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <p className={styles.brand}>
          <Link href="/">Factdesk</Link>
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
