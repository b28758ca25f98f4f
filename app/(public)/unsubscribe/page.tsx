import type { Metadata } from "next";
import { connection } from "next/server";
import { PublicShell } from "@/components/public/public-shell";
import styles from "@/components/public/public.module.css";
import { describeUnsubscribe } from "@/lib/server/mail";
import { UnsubscribeForm } from "./unsubscribe-form";

export const metadata: Metadata = { title: { absolute: "Unsubscribe" }, robots: { index: false } };

/**
 * Where an email's "Stop these emails" link leads. Opening it changes nothing
 * (mail scanners open links); the button does. Mail clients unsubscribe in one
 * click through /api/unsubscribe instead.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  await connection();
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const what = value ? describeUnsubscribe(value) : null;
  return (
    <PublicShell siteName="Fact-checks">
      <div className={styles.prose}>
        <h1>Unsubscribe</h1>
        {what ? (
          <>
            <p>Stop emails for “{what.label}”? You can choose again on your account page.</p>
            <UnsubscribeForm token={value} />
          </>
        ) : (
          <p role="alert">This unsubscribe link is not valid. Choose which emails you get on your account page.</p>
        )}
      </div>
    </PublicShell>
  );
}
