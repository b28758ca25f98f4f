import Link from "next/link";
import styles from "./public.module.css";

export default function HomePage() {
  return (
    <main className={styles.main}>
      <header className={styles.header}>
        <p className={styles.brand}>Factdesk</p>
        <Link href="/login">Staff sign-in</Link>
      </header>
      <h1>Fact-checks</h1>
      <p className="muted">Published fact-checks will appear here.</p>
    </main>
  );
}
