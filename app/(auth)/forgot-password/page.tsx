import type { Metadata } from "next";
import Link from "next/link";
import styles from "../login/login.module.css";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <p className={styles.brand}>
          <Link href="/">Factdesk</Link>
        </p>
        <h1>Forgot your password?</h1>
        <p className="muted">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
        <ForgotPasswordForm />
        <p className={styles.aside}>
          <Link href="/login">Back to sign-in</Link>
        </p>
      </div>
    </main>
  );
}
