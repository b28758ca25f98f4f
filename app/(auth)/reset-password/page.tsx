import type { Metadata } from "next";
import Link from "next/link";
import { resetLinkUsable } from "@/lib/server/accounts";
import { AuthCard } from "../_parts/auth-card";
import { TokenPasswordForm } from "../_parts/new-password";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** Where a reset email's link leads: the form while the link works (once, for 30 minutes). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const usable = await resetLinkUsable({ token: value });
  return (
    <AuthCard title="Choose a new password">
      {usable ? (
        <TokenPasswordForm token={value} purpose="reset" />
      ) : (
        <p role="alert">
          This link is not valid any more: it works once, for 30 minutes. <Link href="/forgot-password">Ask for a new one</Link>.
        </p>
      )}
    </AuthCard>
  );
}
