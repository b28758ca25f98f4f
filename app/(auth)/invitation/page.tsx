import type { Metadata } from "next";
import { ROLE_LABELS } from "@/lib/roles";
import { invitationForToken } from "@/lib/server/invitations";
import { AuthCard } from "../_parts/auth-card";
import { TokenPasswordForm } from "../_parts/new-password";

export const metadata: Metadata = { title: "Join the newsroom", referrer: "no-referrer" };

/** Where an invitation email's link leads: choose a password, and the account exists. */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const invitation = await invitationForToken({ token: value });
  return (
    <AuthCard title="Join the newsroom">
      {invitation ? (
        <>
          <p>
            {invitation.name}, you are invited as {ROLE_LABELS[invitation.role].toLowerCase()}. You will sign in as <strong>{invitation.email}</strong>.
          </p>
          <TokenPasswordForm token={value} purpose="invitation" />
        </>
      ) : (
        <p role="alert">This invitation link is not valid any more. Ask an admin to send a new one.</p>
      )}
    </AuthCard>
  );
}
