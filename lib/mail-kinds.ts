/**
 * The kinds of email a person can choose how to get (account page), the inbox
 * notifications each covers, and how each is delivered when they never chose.
 */
export const MAIL_DELIVERIES = ["immediate", "digest", "never"] as const;
export type MailDelivery = (typeof MAIL_DELIVERIES)[number];

export const DELIVERY_LABELS: Record<MailDelivery, string> = {
  immediate: "At once",
  digest: "Daily digest",
  never: "Never",
};

type KindSpec = {
  label: string;
  /** Inbox notification kinds (lib/server/notifications.ts) this kind of email is about. */
  notifications: readonly string[];
  defaultDelivery: MailDelivery;
  /** Only in the daily digest (no event to send at once). */
  digestOnly?: boolean;
  /** Offered to editors and admins only. */
  editorsOnly?: boolean;
};

export const MAIL_KINDS = {
  review_requested: { label: "A check is sent to me for review", notifications: ["review_requested"], defaultDelivery: "immediate" },
  changes_requested: { label: "Changes are requested on my check", notifications: ["changes_requested"], defaultDelivery: "immediate" },
  approved: { label: "My check is approved", notifications: ["approved"], defaultDelivery: "immediate" },
  published: { label: "My check is published", notifications: ["published"], defaultDelivery: "immediate" },
  refresh: { label: "A refresh is assigned to me or due", notifications: ["refresh_assigned", "refresh_due"], defaultDelivery: "immediate" },
  comment: { label: "A comment replies to mine or mentions me", notifications: ["comment"], defaultDelivery: "immediate" },
  collaborator_added: { label: "I am added as a co-writer", notifications: ["collaborator_added"], defaultDelivery: "immediate" },
  source_changed: { label: "A source my checks cite is marked dead, retracted or unreachable", notifications: ["source_changed"], defaultDelivery: "immediate" },
  newsroom_digest: {
    label: "What went stale and what is due for a refresh",
    notifications: [],
    defaultDelivery: "digest",
    digestOnly: true,
    editorsOnly: true,
  },
} as const satisfies Record<string, KindSpec>;

export type MailKind = keyof typeof MAIL_KINDS;
export const MAIL_KIND_NAMES = Object.keys(MAIL_KINDS) as MailKind[];

export function isMailKind(value: string): value is MailKind {
  return Object.hasOwn(MAIL_KINDS, value);
}

/** The kind of email a notification is, or null for notifications that are not emailed. */
export function mailKindOfNotification(notificationKind: string): MailKind | null {
  for (const name of MAIL_KIND_NAMES) {
    if ((MAIL_KINDS[name].notifications as readonly string[]).includes(notificationKind)) return name;
  }
  return null;
}
