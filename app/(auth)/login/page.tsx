import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { getActor } from "@/lib/server/session";
import { AuthCard } from "../_parts/auth-card";
import { LoginForm } from "./login-form";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackPath(callbackUrl);
  if (await getActor()) redirect(target);
  return (
    <AuthCard title="Sign in to the newsroom">
      <LoginForm callbackUrl={target} />
      <p className={styles.aside}>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </AuthCard>
  );
}
