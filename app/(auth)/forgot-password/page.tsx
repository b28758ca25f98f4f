import type { Metadata } from "next";
import Link from "next/link";
import styles from "../login/login.module.css";
import { AuthCard } from "../_parts/auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?">
      <p className="muted">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className={styles.aside}>
        <Link href="/login">Back to sign-in</Link>
      </p>
    </AuthCard>
  );
}
