import { redirect } from "next/navigation";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ROLE_LABELS } from "@/lib/roles";
import { adminPagesFor } from "@/lib/server/admin-pages";
import { can } from "@/lib/server/policies/newsroom";
import { getActor } from "@/lib/server/session";
import { signOutAction } from "@/app/_actions/auth";
import { IntentLink } from "@/components/ui/intent-link";
import { SignOutForm } from "@/components/ui/sign-out-form";
import styles from "./desk.module.css";

/**
 * The newsroom's frame. Pages check the session and permissions themselves as well.
 * Its links prefetch on intent, not on sight (components/ui/intent-link.tsx).
 */
export default async function DeskLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  if (!actor) redirect("/login");
  const admin = adminPagesFor(actor);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <IntentLink href="/desk" className={styles.brand}>
            Factdesk <span className={styles.brandTag}>Newsroom</span>
          </IntentLink>
          <nav aria-label="Newsroom" className={styles.nav}>
            <IntentLink href="/desk">Desk</IntentLink>
            {can(actor, "list_checks") ? <IntentLink href="/desk/checks">All fact-checks</IntentLink> : null}
            <IntentLink href="/desk/new">New fact-check</IntentLink>
            <IntentLink href="/sources">Sources</IntentLink>
            {can(actor, "plan_refreshes") ? <IntentLink href="/desk/refresh">Refresh queue</IntentLink> : null}
            {admin[0] ? <IntentLink href={admin[0].href}>{admin.length > 1 ? "Admin" : admin[0].label}</IntentLink> : null}
            <IntentLink href="/">Public site</IntentLink>
          </nav>
          <div className={styles.user}>
            <NotificationBell actor={actor} />
            <span>
              <IntentLink href="/desk/account" title="Your account and API tokens">
                {actor.name}
              </IntentLink>{" "}
              <span className="badge">{ROLE_LABELS[actor.role]}</span>
            </span>
            <SignOutForm action={signOutAction} />
          </div>
        </div>
      </header>
      <main id="main" className={styles.main}>
        {children}
      </main>
    </>
  );
}
