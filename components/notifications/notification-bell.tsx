import { IntentLink } from "@/components/ui/intent-link";
import type { Actor } from "@/lib/server/actor";
import { countUnread } from "@/lib/server/notifications";
import styles from "./notifications.module.css";

/** The desk header's inbox link with the number of unread notifications. */
export async function NotificationBell({ actor }: { actor: Actor }) {
  const unread = await countUnread({ actor });
  const label = unread === 0 ? "Inbox, no unread notifications" : `Inbox, ${unread} unread notification${unread === 1 ? "" : "s"}`;
  return (
    <IntentLink href="/inbox" className={styles.bell} aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 ? (
        <span className={styles.count} aria-hidden="true" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </IntentLink>
  );
}
