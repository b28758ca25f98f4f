import type { Metadata } from "next";
import Link from "next/link";
import { ROLE_LABELS } from "@/lib/roles";
import { invitationForToken } from "@/lib/server/invitations";
import styles from "../login/login.module.css";
import { AcceptInvitationForm } from "./accept-invitation-form";

export const metadata: Metadata = { title: "Join the newsroom", referrer: "no-referrer" };

/** Where an invitation email's link leads: choose a password, and the account exists. */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const invitation = await invitationForToken({ token: value });
  return (
    <main className={styles.page}>
      <div className={`card ${styles.card}`}>
        <p className={styles.brand}>
          <Link href="/">Factdesk</Link>
        </p>
        <h1>Join the newsroom</h1>
        {invitation ? (
          <>
            <p>
              {invitation.name}, you are invited as {ROLE_LABELS[invitation.role].toLowerCase()}. You will sign in as <strong>{invitation.email}</strong>.
            </p>
            <AcceptInvitationForm token={value} />
          </>
        ) : (
          <p role="alert">This invitation link is not valid any more. Ask an admin to send a new one.</p>
        )}
      </div>
    </main>
  );
}
