import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { getActor } from "@/lib/server/session";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackPath(callbackUrl);
  if (await getActor()) redirect(target);
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <p className={styles.brand}>
          <Link href="/">Factdesk</Link>
        </p>
        <h1>Sign in to the newsroom</h1>
        <LoginForm callbackUrl={target} />
        <p className={styles.aside}>
          <Link href="/forgot-password">Forgot password?</Link>
        </p>
      </div>
    </main>
  );
}
