import Link from "next/link";
import { redirect } from "next/navigation";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ROLE_LABELS } from "@/lib/roles";
import { adminPagesFor } from "@/lib/server/admin-pages";
import { can } from "@/lib/server/policies/newsroom";
import { getActor } from "@/lib/server/session";
import { signOutAction } from "@/app/_actions/auth";
import { SignOutForm } from "@/components/ui/sign-out-form";
import styles from "./desk.module.css";

/** The newsroom's frame. Pages check the session and permissions themselves as well. */
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
          <Link href="/desk" className={styles.brand}>
            Factdesk <span className={styles.brandTag}>Newsroom</span>
          </Link>
          <nav aria-label="Newsroom" className={styles.nav}>
            <Link href="/desk">Desk</Link>
            {can(actor, "list_checks") ? <Link href="/desk/checks">All fact-checks</Link> : null}
            <Link href="/desk/new">New fact-check</Link>
            <Link href="/sources">Sources</Link>
            {can(actor, "plan_refreshes") ? <Link href="/desk/refresh">Refresh queue</Link> : null}
            {admin[0] ? <Link href={admin[0].href}>{admin.length > 1 ? "Admin" : admin[0].label}</Link> : null}
            <Link href="/">Public site</Link>
          </nav>
          <div className={styles.user}>
            <NotificationBell actor={actor} />
            <span>
              <Link href="/desk/account" title="Your account and API tokens">
                {actor.name}
              </Link>{" "}
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
