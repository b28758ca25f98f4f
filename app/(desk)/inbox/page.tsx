import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import styles from "@/components/notifications/notifications.module.css";
import { formatDateTime } from "@/lib/date-format";
import type { NotificationKind } from "@/lib/server/notifications";
import { listInbox } from "@/lib/server/inbox";
import { requirePageActor } from "@/lib/server/session";
import deskStyles from "../desk.module.css";
import { markReadAction } from "@/app/_actions/notifications";

export const metadata: Metadata = { title: "Inbox" };

const KIND_LABEL: Record<NotificationKind, string> = {
  review_requested: "Review requested",
  review_withdrawn: "Review withdrawn",
  changes_requested: "Changes requested",
  approved: "Approved",
  comment: "Comment",
  published: "Published",
  refresh_due: "Refresh due",
  refresh_assigned: "Refresh assigned",
  source_changed: "Source changed",
  assigned: "New assignment",
  collaborator_added: "Co-writer",
  collaborator_removed: "Co-writer removed",
};

export default async function InboxPage() {
  const actor = await requirePageActor("/inbox");
  const items = await listInbox({ actor });
  const unread = items.filter((i) => !i.read).length;
  return (
    <>
      <div className={deskStyles.pageHeader}>
        <h1>Inbox</h1>
        {unread > 0 ? (
          <form action={markReadAction}>
            <button type="submit" className="btn">
              Mark all as read
            </button>
          </form>
        ) : null}
      </div>
      <p className="muted" aria-live="polite">
        {unread === 0 ? "You are all caught up." : `${unread} unread`}
      </p>
      {items.length === 0 ? (
        <p className="empty">No notifications yet. Review requests, decisions and comments arrive here.</p>
      ) : (
        <ol className={styles.list} aria-label="Notifications">
          {items.map((item) => (
            <li key={item.id} className={`${styles.item} ${item.read ? "" : styles.unread}`}>
              <span className={`${styles.dot} ${item.read ? styles.dotRead : ""}`} aria-hidden="true" />
              <div>
                <p className={styles.message}>
                  {item.read ? null : <span className="visually-hidden">Unread: </span>}
                  {item.href ? <IntentLink href={item.href}>{item.message}</IntentLink> : item.message}
                </p>
                <p className={styles.meta}>
                  <span className={styles.kind}>{KIND_LABEL[item.kind as NotificationKind] ?? item.kind}</span> ·{" "}
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                </p>
              </div>
              {item.read ? null : (
                <form action={markReadAction}>
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="btn btn-small">
                    Mark as read
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
