import "server-only";
/**
 * Email (docs/architecture.md, "Email"): delivering the messages written with
 * notifications (lib/server/mail-outbox.ts), the daily digests, each person's
 * choice per kind, one-click unsubscribe, and the outbox admins read.
 *
 * Delivery runs in jobs: `mail-dispatch` queues a `mail-deliver` job per new
 * message, whose job id is the message's id, so it is queued once however
 * often or wherever the dispatcher runs. The delivery renders the message once
 * (a retry sends what the first try would have), then sends it through SMTP
 * (SMTP_URL) or, without SMTP_URL, files it in the outbox; a message marked
 * sent is never sent again. Its Message-ID is fixed too, so that if the
 * process stops between the SMTP server's "accepted" and the row being
 * marked, the one resend is recognisably the same message.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { factChecks, mailMessages, mailPreferences, notifications, users } from "@/db/schema";
import { DELIVERY_LABELS, MAIL_DELIVERIES, MAIL_KIND_NAMES, MAIL_KINDS, isMailKind, type MailDelivery, type MailKind } from "@/lib/mail-kinds";
import { formatLocalDate } from "@/lib/local-date";
import type { Actor } from "./actor";
import { now } from "./clock";
import { invalid } from "./errors";
import { currentJobQueue } from "./job-queue";
import { mailDeliveries } from "./mail-outbox";
import { allowedRows } from "./policies/fact-check";
import { authorize, can } from "./policies/newsroom";
import { listRefreshQueue, type RefreshQueue } from "./refresh";
import { absoluteUrl, publicBaseUrl } from "./site-url";

export const MAIL_DELIVER_JOB = "mail-deliver";

/** Emails about one's account, sent whatever one's choices, with no unsubscribe, their links not kept once sent. */
const TRANSACTIONAL_KINDS: readonly string[] = ["password_reset", "invitation"];

// ---------------------------------------------------------------------------
// Configuration

/** SMTP_URL (smtp:// or smtps://, credentials in the URL), or null: the outbox only. */
export function smtpUrl(): string | null {
  return process.env.SMTP_URL?.trim() || null;
}

/** MAIL_FROM, else Factdesk at the public site's host name. */
export function mailFrom(): string {
  const configured = process.env.MAIL_FROM?.trim();
  if (configured) return configured;
  return `Factdesk <factdesk@${new URL(publicBaseUrl()).hostname}>`;
}

type Transport = { sendMail: (message: Record<string, unknown>) => Promise<{ messageId?: string }>; close: () => void };
const transports = globalThis as unknown as { __factdeskSmtp?: { url: string; transport: Transport } };

async function smtpTransport(url: string): Promise<Transport> {
  if (transports.__factdeskSmtp?.url === url) return transports.__factdeskSmtp.transport;
  transports.__factdeskSmtp?.transport.close();
  const { default: nodemailer } = await import("nodemailer");
  // A slow server fails the delivery job (which is retried later), never an action.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as never) as unknown as Transport;
  transports.__factdeskSmtp = { url, transport };
  return transport;
}

// ---------------------------------------------------------------------------
// Unsubscribe links (RFC 8058)

function unsubscribeSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: unsubscribe links cannot be signed");
  return secret;
}

function sign(payload: string): string {
  return createHmac("sha256", unsubscribeSecret()).update(`factdesk-unsubscribe\u0000${payload}`).digest("base64url");
}

/** A token that lets its holder stop one kind of email (or the digest) for one person, without signing in. */
export function unsubscribeToken(userId: string, kind: MailKind | "digest"): string {
  const payload = Buffer.from(`${userId}:${kind}`).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

function readUnsubscribeToken(token: string): { userId: string; kind: MailKind | "digest" } | null {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [userId, kind] = Buffer.from(payload, "base64url").toString().split(":");
  if (!userId || !kind || !(kind === "digest" || isMailKind(kind))) return null;
  return { userId, kind };
}

/** The page a person opens from an email's unsubscribe link (it asks before it acts). */
export const unsubscribePageUrl = (token: string) => absoluteUrl(`/unsubscribe?token=${encodeURIComponent(token)}`);
/** The List-Unsubscribe target a mail client POSTs to (one click, no page). */
export const unsubscribePostUrl = (token: string) => absoluteUrl(`/api/unsubscribe?token=${encodeURIComponent(token)}`);

export type UnsubscribeOutcome = { kind: MailKind | "digest"; label: string };

/** What a token would stop, or null for a token that is not one of ours. */
export function describeUnsubscribe(token: string): UnsubscribeOutcome | null {
  const read = readUnsubscribeToken(token);
  if (!read) return null;
  return { kind: read.kind, label: read.kind === "digest" ? "The daily digest" : MAIL_KINDS[read.kind].label };
}

/** Stops the token's kind of email for its person (the digest: every kind they had in it). */
export async function unsubscribe({ token }: { token: string }): Promise<UnsubscribeOutcome> {
  const read = readUnsubscribeToken(token);
  if (!read) throw invalid("This unsubscribe link is not valid");
  const db = await getDb();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, read.userId));
  if (!user) throw invalid("This unsubscribe link is not valid");
  let kinds: MailKind[];
  if (read.kind === "digest") {
    const deliveryOf = await mailDeliveries(db, [user.id]);
    kinds = MAIL_KIND_NAMES.filter((k) => deliveryOf(user.id, k) === "digest");
  } else {
    kinds = [read.kind];
  }
  await saveDeliveries(db, user.id, kinds.map((kind) => [kind, "never"]));
  return describeUnsubscribe(token)!;
}

async function saveDeliveries(db: Db, userId: string, choices: [MailKind, MailDelivery][]): Promise<void> {
  if (choices.length === 0) return;
  await db
    .insert(mailPreferences)
    .values(choices.map(([kind, delivery]) => ({ userId, kind, delivery, updatedAt: now() })))
    .onConflictDoUpdate({ target: [mailPreferences.userId, mailPreferences.kind], set: { delivery: sqlExcluded("delivery"), updatedAt: now() } });
}

// drizzle has no helper for EXCLUDED; the column name is ours, never input.
const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

// ---------------------------------------------------------------------------
// Each person's choices (account page)

export type MailPreference = { kind: MailKind; label: string; delivery: MailDelivery; options: MailDelivery[] };

function kindsFor(actor: Pick<Actor, "role">): MailKind[] {
  return MAIL_KIND_NAMES.filter((k) => !("editorsOnly" in MAIL_KINDS[k]) || can(actor, "plan_refreshes"));
}

const optionsOf = (kind: MailKind): MailDelivery[] => ("digestOnly" in MAIL_KINDS[kind] ? ["digest", "never"] : [...MAIL_DELIVERIES]);

export async function getMailPreferences({ actor }: { actor: Actor }): Promise<MailPreference[]> {
  const db = await getDb();
  const deliveryOf = await mailDeliveries(db, [actor.id]);
  return kindsFor(actor).map((kind) => ({ kind, label: MAIL_KINDS[kind].label, delivery: deliveryOf(actor.id, kind), options: optionsOf(kind) }));
}

/** Sets how the actor gets each kind named in `input` ({ kind: "immediate" | "digest" | "never" }). */
export async function setMailPreferences({ actor, input }: { actor: Actor; input: Record<string, unknown> }): Promise<MailPreference[]> {
  const offered = kindsFor(actor);
  const fields: Record<string, string> = {};
  const choices: [MailKind, MailDelivery][] = [];
  for (const [kind, value] of Object.entries(input)) {
    if (!isMailKind(kind) || !offered.includes(kind)) {
      fields[kind] = "There is no such kind of email";
      continue;
    }
    const parsed = z.enum(optionsOf(kind) as [MailDelivery, ...MailDelivery[]]).safeParse(value);
    if (!parsed.success) fields[kind] = `Choose ${optionsOf(kind).map((o) => DELIVERY_LABELS[o].toLowerCase()).join(", ")}`;
    else choices.push([kind, parsed.data]);
  }
  if (Object.keys(fields).length) throw invalid("Check the highlighted choices", fields);
  await saveDeliveries(await getDb(), actor.id, choices);
  return getMailPreferences({ actor });
}

// ---------------------------------------------------------------------------
// Rendering

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

type Rendered = { subject: string; text: string; html: string };

const SUBJECTS: Record<string, (question: string) => string> = {
  review_requested: (q) => `Review requested: ${q}`,
  changes_requested: (q) => `Changes requested: ${q}`,
  approved: (q) => `Approved: ${q}`,
  published: (q) => `Published: ${q}`,
  refresh_assigned: (q) => `Refresh assigned: ${q}`,
  refresh_due: (q) => `Refresh due: ${q}`,
  comment: (q) => `New comment on “${q}”`,
  collaborator_added: (q) => `You are a co-writer of “${q}”`,
  source_changed: (q) => `A source you cite changed: ${q}`,
};

function footer(token: string, why: string): { text: string; html: string } {
  const stop = unsubscribePageUrl(token);
  const account = absoluteUrl("/desk/account#email");
  return {
    text: `\n--\n${why}\nStop these emails: ${stop}\nChoose which emails you get: ${account}\n`,
    html: `<hr><p>${escapeHtml(why)}<br><a href="${escapeHtml(stop)}">Stop these emails</a> · <a href="${escapeHtml(account)}">Choose which emails you get</a></p>`,
  };
}

function page(body: string, foot: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}${foot}</body></html>`;
}

async function renderNotification(db: Db, message: { userId: string; kind: MailKind; notificationId: string | null }): Promise<Rendered | null> {
  if (!message.notificationId) return null;
  const [row] = await db
    .select({ kind: notifications.kind, message: notifications.message, factCheckId: notifications.factCheckId, question: factChecks.question })
    .from(notifications)
    .leftJoin(factChecks, eq(factChecks.id, notifications.factCheckId))
    .where(eq(notifications.id, message.notificationId));
  if (!row) return null;
  const [recipient] = await db.select({ id: users.id, email: users.email, name: users.name, role: users.role }).from(users).where(eq(users.id, message.userId));
  let link: string | null = null;
  if (row.factCheckId && recipient) {
    // The review page for reviewers, the editor for the check's writers (as the inbox links them).
    const [access] = await db
      .select({ writes: sql<boolean>`${allowedRows(recipient, "write")}` })
      .from(factChecks)
      .where(eq(factChecks.id, row.factCheckId));
    const toReview = row.kind === "review_requested" || !access?.writes;
    link = absoluteUrl(`/desk/fact-checks/${row.factCheckId}${toReview ? "/review" : ""}`);
  }
  const subject = (row.question && SUBJECTS[row.kind]?.(row.question)) || row.message;
  const foot = footer(unsubscribeToken(message.userId, message.kind), `You get this email because you chose “${MAIL_KINDS[message.kind].label}” at once.`);
  const text = `${row.message}\n${link ? `\nOpen it: ${link}\n` : ""}${foot.text}`;
  const html = page(
    `<p>${escapeHtml(row.message)}</p>${link ? `<p><a href="${escapeHtml(link)}">Open “${escapeHtml(row.question ?? "the check")}”</a></p>` : ""}`,
    foot.html,
  );
  return { subject: subject.length > 180 ? `${subject.slice(0, 177)}…` : subject, text, html };
}

// ---------------------------------------------------------------------------
// Delivery

/** Queues a delivery job for every message not queued yet; returns how many it queued. */
export async function dispatchMail(): Promise<number> {
  const queue = currentJobQueue();
  if (!queue) throw new Error("No job queue runs in this process");
  const db = await getDb();
  const pending = await db
    .select({ id: mailMessages.id })
    .from(mailMessages)
    .where(and(isNull(mailMessages.queuedAt), isNull(mailMessages.sentAt)))
    .orderBy(asc(mailMessages.createdAt))
    .limit(500);
  for (const { id } of pending) await queue.send(MAIL_DELIVER_JOB, { messageId: id }, { id });
  if (pending.length) {
    await db
      .update(mailMessages)
      .set({ queuedAt: new Date() })
      .where(inArray(mailMessages.id, pending.map((m) => m.id)));
  }
  return pending.length;
}

export type DeliveryOutcome = "smtp" | "outbox" | "skipped" | "already sent" | "gone";

/** Sends one message (the `mail-deliver` job). Throws when SMTP fails: the job is retried. */
export async function deliverMail({ messageId }: { messageId: string }): Promise<DeliveryOutcome> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: mailMessages.id,
      userId: mailMessages.userId,
      kind: mailMessages.kind,
      notificationId: mailMessages.notificationId,
      toAddress: mailMessages.toAddress,
      subject: mailMessages.subject,
      textBody: mailMessages.textBody,
      htmlBody: mailMessages.htmlBody,
      sentAt: mailMessages.sentAt,
      email: users.email,
      name: users.name,
      disabledAt: users.disabledAt,
    })
    .from(mailMessages)
    .leftJoin(users, eq(users.id, mailMessages.userId))
    .where(eq(mailMessages.id, messageId));
  if (!row) return "gone";
  // Someone with an account gets it at their address as it is now; an invited person at the one invited.
  const message = { ...row, email: row.email ?? row.toAddress ?? "", name: row.name ?? "" };
  if (message.sentAt) return "already sent";
  const skip = async () => {
    await db.update(mailMessages).set({ sentAt: new Date(), transport: "skipped" }).where(eq(mailMessages.id, message.id));
    return "skipped" as const;
  };
  if (message.disabledAt || !message.email) return skip();
  // A choice changed since the message was written counts.
  if (message.userId && isMailKind(message.kind) && (await mailDeliveries(db, [message.userId]))(message.userId, message.kind) !== "immediate") return skip();

  let rendered: Rendered | null = message.subject && message.textBody && message.htmlBody ? { subject: message.subject, text: message.textBody, html: message.htmlBody } : null;
  if (!rendered) {
    rendered =
      message.userId && isMailKind(message.kind)
        ? await renderNotification(db, { userId: message.userId, kind: message.kind, notificationId: message.notificationId })
        : null;
    if (!rendered) return skip();
    await db
      .update(mailMessages)
      .set({ toAddress: message.email, subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html })
      .where(eq(mailMessages.id, message.id));
  }

  const url = smtpUrl();
  if (!url) {
    await db.update(mailMessages).set({ toAddress: message.email, sentAt: new Date(), transport: "outbox", lastError: null }).where(eq(mailMessages.id, message.id));
    return "outbox";
  }
  // A password reset or an invitation is no kind of email one unsubscribes from.
  const transactional = TRANSACTIONAL_KINDS.includes(message.kind);
  const token = transactional || !message.userId ? null : unsubscribeToken(message.userId, isMailKind(message.kind) ? message.kind : "digest");
  try {
    const transport = await smtpTransport(url);
    const info = await transport.sendMail({
      from: mailFrom(),
      to: message.name ? { name: message.name, address: message.email } : message.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: `<${message.id}@${new URL(publicBaseUrl()).hostname}>`,
      headers: token
        ? {
            // RFC 8058: a mail client unsubscribes with one POST to this URL, no page in between.
            "List-Unsubscribe": `<${unsubscribePostUrl(token)}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          }
        : {},
    });
    await db
      .update(mailMessages)
      .set({
        toAddress: message.email,
        sentAt: new Date(),
        transport: "smtp",
        smtpMessageId: info.messageId ?? null,
        lastError: null,
        // Once sent, a reset or invitation link is nobody else's to read (the outbox shows it only when nothing is sent).
        ...(transactional ? { textBody: "(The link was sent and is not kept.)", htmlBody: null } : {}),
      })
      .where(eq(mailMessages.id, message.id));
    return "smtp";
  } catch (error) {
    await db
      .update(mailMessages)
      .set({ lastError: error instanceof Error ? error.message : String(error) })
      .where(eq(mailMessages.id, message.id));
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Daily digests

const DAY_MS = 86_400_000;

function renderDigest({
  person,
  date,
  items,
  newsroom,
}: {
  person: { id: string; name: string };
  date: string;
  items: { kind: string; message: string; factCheckId: string | null }[];
  newsroom: RefreshQueue | null;
}): Rendered {
  const lines: string[] = [];
  const html: string[] = [];
  if (items.length) {
    lines.push(`What happened (${items.length}):`);
    html.push(`<h2>What happened (${items.length})</h2><ul>`);
    for (const item of items) {
      const link = item.factCheckId ? absoluteUrl(`/desk/fact-checks/${item.factCheckId}`) : null;
      lines.push(`- ${item.message}${link ? `\n  ${link}` : ""}`);
      html.push(`<li>${escapeHtml(item.message)}${link ? ` <a href="${escapeHtml(link)}">Open</a>` : ""}</li>`);
    }
    html.push("</ul>");
  }
  if (newsroom && newsroom.total) {
    const stale = newsroom.items.filter((i) => i.stale);
    const due = newsroom.items.filter((i) => !i.stale);
    for (const [title, list] of [
      ["Stale", stale],
      ["Due for a refresh", due],
    ] as const) {
      if (!list.length) continue;
      if (lines.length) lines.push("");
      lines.push(`${title} (${list.length}):`);
      html.push(`<h2>${title} (${list.length})</h2><ul>`);
      for (const item of list) {
        const link = absoluteUrl(`/desk/fact-checks/${item.id}`);
        const why = item.reasons.map((r) => r.text).join("; ");
        lines.push(`- ${item.question} (${why})\n  ${link}`);
        html.push(`<li><a href="${escapeHtml(link)}">${escapeHtml(item.question)}</a> — ${escapeHtml(why)}</li>`);
      }
      html.push("</ul>");
    }
    const queueLink = absoluteUrl("/desk/refresh");
    lines.push("", `The refresh queue: ${queueLink}`);
    html.push(`<p><a href="${escapeHtml(queueLink)}">Open the refresh queue</a></p>`);
  }
  const foot = footer(unsubscribeToken(person.id, "digest"), "You get this digest because you chose a daily digest for some emails.");
  return {
    subject: `Your Factdesk digest for ${formatLocalDate(date as never)}`,
    text: `Hello ${person.name},\n\n${lines.join("\n")}\n${foot.text}`,
    html: page(`<p>Hello ${escapeHtml(person.name)},</p>${html.join("")}`, foot.html),
  };
}

/**
 * Writes each person's digest for `date` (the site's local date): the
 * notifications of the kinds they get as a digest since their last digest,
 * and for editors what is stale and due. One digest per person and day, then
 * dispatched. Returns how many it wrote.
 */
export async function sendDailyDigests({ date }: { date: string }): Promise<number> {
  const db = await getDb();
  const at = now();
  const people = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt));
  const deliveryOf = await mailDeliveries(db, people.map((p) => p.id));
  let newsroom: RefreshQueue | undefined;
  let written = 0;
  for (const person of people) {
    const kinds = kindsFor(person).filter((k) => deliveryOf(person.id, k) === "digest");
    const wantsNewsroom = kinds.includes("newsroom_digest");
    const notificationKinds = kinds.flatMap((k) => MAIL_KINDS[k].notifications as readonly string[]);
    if (!wantsNewsroom && notificationKinds.length === 0) continue;
    const [previous] = await db
      .select({ createdAt: mailMessages.createdAt })
      .from(mailMessages)
      .where(and(eq(mailMessages.userId, person.id), eq(mailMessages.kind, "digest")))
      .orderBy(desc(mailMessages.createdAt))
      .limit(1);
    const since = previous?.createdAt ?? new Date(at.getTime() - DAY_MS);
    const items = notificationKinds.length
      ? await db
          .select({ kind: notifications.kind, message: notifications.message, factCheckId: notifications.factCheckId })
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, person.id),
              inArray(notifications.kind, notificationKinds),
              gt(notifications.createdAt, since),
              lte(notifications.createdAt, at),
            ),
          )
          .orderBy(asc(notifications.createdAt))
      : [];
    const queue = wantsNewsroom ? (newsroom ??= await listRefreshQueue({ actor: person })) : null;
    if (items.length === 0 && !queue?.total) continue;
    const rendered = renderDigest({ person, date, items, newsroom: queue });
    const inserted = await db
      .insert(mailMessages)
      .values({
        id: randomUUID(),
        idempotencyKey: `digest:${person.id}:${date}`,
        userId: person.id,
        kind: "digest",
        digestDate: date,
        toAddress: person.email,
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: mailMessages.id });
    written += inserted.length;
  }
  if (written) await dispatchMail();
  return written;
}

// ---------------------------------------------------------------------------
// The outbox (admins)

export type OutboxMessage = {
  id: string;
  to: string | null;
  kind: string;
  subject: string | null;
  text: string | null;
  createdAt: string;
  sentAt: string | null;
  transport: string | null;
  lastError: string | null;
};

/** The latest emails, sent or waiting, as they were (or will be) sent (admins). */
export async function listOutbox({ actor, limit = 100 }: { actor: Actor; limit?: number }): Promise<OutboxMessage[]> {
  authorize(actor, "manage_jobs");
  const db = await getDb();
  const rows = await db
    .select({
      id: mailMessages.id,
      to: mailMessages.toAddress,
      email: users.email,
      kind: mailMessages.kind,
      subject: mailMessages.subject,
      text: mailMessages.textBody,
      createdAt: mailMessages.createdAt,
      sentAt: mailMessages.sentAt,
      transport: mailMessages.transport,
      lastError: mailMessages.lastError,
    })
    .from(mailMessages)
    .leftJoin(users, eq(users.id, mailMessages.userId))
    .orderBy(desc(mailMessages.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    to: r.to ?? r.email,
    kind: r.kind,
    subject: r.subject,
    text: r.text,
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    transport: r.transport,
    lastError: r.lastError,
  }));
}
