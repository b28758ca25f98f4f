import type { Metadata } from "next";
import Link from "next/link";
import { resetLinkUsable } from "@/lib/server/accounts";
import styles from "../login/login.module.css";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** Where a reset email's link leads: the form while the link works (once, for 30 minutes). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const usable = await resetLinkUsable({ token: value });
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <p className={styles.brand}>
          <Link href="/">Factdesk</Link>
        </p>
        <h1>Choose a new password</h1>
        {usable ? (
          <ResetPasswordForm token={value} />
        ) : (
          <p role="alert">
            This link is not valid any more: it works once, for 30 minutes. <Link href="/forgot-password">Ask for a new one</Link>.
          </p>
        )}
      </div>
    </main>
  );
}
