import "server-only";
import { and, asc, eq, gte, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb } from "@/db";
import { factChecks, notifications, outdatedReports, publishedCitations, publishedVersions, sources, topicPolicies, users } from "@/db/schema";
import { addDays, addMonths, formatLocalDate, isLocalDate, localDateOf, startOfLocalDay, startOfMonth, startOfWeek, type LocalDate } from "@/lib/local-date";
import { daysUntilDue, describeReason, needsRefreshAttention, type ReasonKind } from "@/lib/staleness-rules";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { LOCKS, lockForTransaction } from "./locks";
import { DomainError, invalid, notFound } from "./errors";
import { authorize } from "./policies/newsroom";
import type { FactCheckStatus } from "./fact-checks";
import { notify } from "./notifications";
import { invalidatePublic, PUBLIC_TAGS } from "./public-cache";
import { loadStalenessContext, stalenessOf } from "./staleness";

/** The editors' refresh queue: stale checks, reported ones, and those due soon; and scheduling. */

export const QUEUE_WINDOW_DAYS = 14;
export const QUEUE_REASONS = ["interval", "scheduled", "source", "source_text", "report", "due"] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

export type QueueItem = {
  id: string;
  slug: string;
  question: string;
  topic: string | null;
  status: FactCheckStatus;
  /** A refresh draft is open (the working copy is no longer the published one). */
  refreshInProgress: boolean;
  ownerId: string;
  ownerName: string;
  assigneeId: string | null;
  assigneeName: string | null;
  checkedOn: string;
  dueOn: LocalDate;
  daysUntilDue: number;
  nextRefreshOn: LocalDate | null;
  stale: boolean;
  reasons: { kind: ReasonKind; text: string }[];
};

export type QueueFilters = { topic?: string | null; assigneeId?: string | null; reason?: QueueReason | null; limit?: number | string; offset?: number | string };

/** Items per page of the queue, unless the caller asks for another number (at most QUEUE_MAX_LIMIT). */
export const QUEUE_PAGE_SIZE = 100;
export const QUEUE_MAX_LIMIT = 500;

/** A whole number, given as a number or as text (a query parameter), as the source library reads its paging. */
const count = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be at least ${min}`)
    .max(max, `${label} must be at most ${max}`)
    .optional();

const filtersSchema = z
  .object({
    topic: z.string().trim().max(80).nullish(),
    assigneeId: z.string().trim().max(64).nullish(),
    reason: z.enum(QUEUE_REASONS).nullish(),
    limit: count("limit", 1, QUEUE_MAX_LIMIT),
    offset: count("offset", 0, 1_000_000),
  })
  .strip();

export type RefreshQueue = {
  /** This page of the queue, most overdue first. */
  items: QueueItem[];
  /** Items matching the filters, on every page. */
  total: number;
  limit: number;
  offset: number;
  /** Topics of every item in the queue, for the filter. */
  topics: string[];
  today: LocalDate;
  timeZone: string;
  windowDays: number;
};

/**
 * The published checks that may need attention, with their staleness. The
 * database narrows the archive to candidates (a superset: every rule with two
 * days to spare for time zones), so the queue costs what it shows, not the size
 * of the archive; `needsRefreshAttention` then decides exactly.
 */
async function loadQueue() {
  const db = await getDb();
  const context = await loadStalenessContext(db);
  const horizon = new Date(context.at.getTime() + (QUEUE_WINDOW_DAYS + 2) * 86_400_000);
  const owner = alias(users, "owner");
  const assignee = alias(users, "refresh_assignee");
  // The interval as effectiveInterval() picks it (the shortest when topic policies differ only by case).
  const policies = db
    .select({ topic: sql<string>`lower(${topicPolicies.topic})`.as("policy_topic"), days: sql<number>`min(${topicPolicies.refreshIntervalDays})`.as("policy_days") })
    .from(topicPolicies)
    .groupBy(sql`lower(${topicPolicies.topic})`)
    .as("policy");
  const interval = sql`coalesce(nullif(${factChecks.refreshIntervalDays}, 0), ${policies.days}, ${context.site.defaultRefreshIntervalDays}::int)`;
  // Few sources change status or text, and few reports are open: each is one set, not a lookup per check.
  const withChangedSource = sql`select pc.version_id from ${sources} s
    join ${publishedCitations} pc on pc.source_id = s.id
    join ${publishedVersions} v on v.id = pc.version_id
    where s.status <> 'live' and s.status_changed_at > v.checked_on
    union all
    select pc.version_id from ${sources} s
    join ${publishedCitations} pc on pc.source_id = s.id
    join ${publishedVersions} v on v.id = pc.version_id
    where s.text_changed_at is not null and s.text_changed_at > v.checked_on`;
  const withOpenReport = sql`select r.fact_check_id from ${outdatedReports} r where r.resolved_at is null`;
  const rows = await db
    .select({
      factCheckId: factChecks.id,
      slug: factChecks.slug,
      status: factChecks.status,
      liveVersionId: publishedVersions.id,
      checkedOn: publishedVersions.checkedOn,
      question: sql<string>`${publishedVersions.content}->>'question'`,
      topic: sql<string | null>`${publishedVersions.content}->>'topic'`,
      refreshIntervalDays: factChecks.refreshIntervalDays,
      nextRefreshAt: factChecks.nextRefreshAt,
      ownerId: factChecks.ownerId,
      ownerName: owner.name,
      assigneeId: factChecks.refreshAssigneeId,
      assigneeName: assignee.name,
    })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .innerJoin(owner, eq(owner.id, factChecks.ownerId))
    .leftJoin(assignee, eq(assignee.id, factChecks.refreshAssigneeId))
    .leftJoin(policies, sql`${policies.topic} = lower(${publishedVersions.content}->>'topic')`)
    .where(
      or(
        sql`${publishedVersions.checkedOn} + make_interval(days => ${interval}) <= ${horizon.toISOString()}::timestamptz`,
        lte(factChecks.nextRefreshAt, horizon),
        sql`${publishedVersions.id} in (${withChangedSource})`,
        sql`${factChecks.id} in (${withOpenReport})`,
      ),
    );
  const staleness = await stalenessOf(db, rows, { withReports: true, context });
  return { rows, staleness, context };
}

/**
 * Stale, reported and soon-due published checks, most overdue first (editors
 * and admins), a page at a time: `limit` items (QUEUE_PAGE_SIZE unless given)
 * from `offset`, with the `total` that match the filters.
 */
export async function listRefreshQueue({ actor, filters = {} }: { actor: Actor; filters?: unknown }): Promise<RefreshQueue> {
  authorize(actor, "plan_refreshes");
  const parsed = filtersSchema.safeParse(filters ?? {});
  if (!parsed.success) throw invalid("Check the filters", fieldErrors(parsed.error));
  const f = parsed.data;
  const { rows, staleness, context } = await loadQueue();
  const { timeZone } = context.site;
  const items: QueueItem[] = [];
  for (const row of rows) {
    const s = staleness.get(row.factCheckId)!;
    if (!needsRefreshAttention(s, context.at, timeZone, QUEUE_WINDOW_DAYS)) continue;
    const reasons = [...s.reasons, ...s.textChanges, ...s.reports].map((r) => ({ kind: r.kind, text: describeReason(r, timeZone) }));
    const due = daysUntilDue(s, context.at, timeZone);
    if (!s.stale) {
      reasons.push({
        kind: "due" as ReasonKind,
        text: due === 0 ? "Due today" : `Due in ${due} ${due === 1 ? "day" : "days"} (${formatLocalDate(s.dueOn)})`,
      });
    }
    items.push({
      id: row.factCheckId,
      slug: row.slug,
      question: row.question,
      topic: row.topic,
      status: row.status,
      refreshInProgress: row.status !== "published",
      ownerId: row.ownerId,
      ownerName: row.ownerName,
      assigneeId: row.assigneeId,
      assigneeName: row.assigneeName,
      checkedOn: row.checkedOn.toISOString(),
      dueOn: s.dueOn,
      daysUntilDue: due,
      nextRefreshOn: row.nextRefreshAt ? localDateOf(row.nextRefreshAt, timeZone) : null,
      stale: s.stale,
      reasons,
    });
  }
  const topics = [...new Set(items.map((i) => i.topic).filter((t): t is string => !!t))].sort((a, b) => a.localeCompare(b));
  const filtered = items.filter(
    (item) =>
      (!f.topic || item.topic?.toLowerCase() === f.topic.toLowerCase()) &&
      (!f.assigneeId || (f.assigneeId === "none" ? item.assigneeId === null : item.assigneeId === f.assigneeId)) &&
      (!f.reason || item.reasons.some((r) => r.kind === f.reason)),
  );
  // The id last: pages never overlap nor skip an item, even between checks with the same question.
  filtered.sort((a, b) => a.daysUntilDue - b.daysUntilDue || a.question.localeCompare(b.question) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const limit = f.limit ?? QUEUE_PAGE_SIZE;
  const offset = f.offset ?? 0;
  return {
    items: filtered.slice(offset, offset + limit),
    total: filtered.length,
    limit,
    offset,
    topics,
    today: localDateOf(context.at, timeZone),
    timeZone,
    windowDays: QUEUE_WINDOW_DAYS,
  };
}

// ---------------------------------------------------------------------------
// Scheduling

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown fact-check");

export const scheduleSchema = z
  .object({
    ids: z.array(idSchema).min(1, "Choose at least one fact-check").max(200, "Schedule at most 200 checks at once"),
    nextRefreshAt: z
      .string({ error: "Choose a date" })
      .trim()
      // A four-digit year only: Date.parse also takes years like 99999, which nothing downstream can show.
      .refine((s) => isLocalDate(s) || (/^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s))), "Enter a date as YYYY-MM-DD")
      .nullable(),
    assigneeId: z.string().trim().max(64).nullable().optional(),
  })
  .strict();

/** How far ahead a refresh may be scheduled: further is a typing mistake. */
export const SCHEDULE_MAX_YEARS = 10;

function addYears(day: LocalDate, years: number): LocalDate {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, "0")}${day.slice(4)}`;
}

export type ScheduleResult = { ids: string[]; nextRefreshOn: LocalDate | null; assigneeId: string | null };

/**
 * Schedules a refresh of one or more published checks on a day, with an
 * assignee who is notified (editors and admins). `nextRefreshAt: null` clears
 * the schedule. All or nothing.
 */
export async function scheduleRefresh({ actor, input }: { actor: Actor; input: unknown }): Promise<ScheduleResult> {
  authorize(actor, "plan_refreshes", "Only editors and admins schedule refreshes");
  const parsed = scheduleSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const ids = [...new Set(parsed.data.ids)];
  const db = await getDb();
  const context = await loadStalenessContext(db);
  const { timeZone } = context.site;
  const today = localDateOf(context.at, timeZone);

  let day: LocalDate | null = null;
  if (parsed.data.nextRefreshAt !== null) {
    const raw = parsed.data.nextRefreshAt;
    day = isLocalDate(raw) ? raw : localDateOf(new Date(raw), timeZone);
    if (day < today) throw invalid("Choose today or a later date", { nextRefreshAt: "Choose today or a later date" });
    if (day > addYears(today, SCHEDULE_MAX_YEARS)) {
      throw invalid(`Choose a date within ${SCHEDULE_MAX_YEARS} years`, { nextRefreshAt: `Choose a date within ${SCHEDULE_MAX_YEARS} years` });
    }
  }
  const assigneeId = day ? (parsed.data.assigneeId || null) : null;
  if (day && !assigneeId) throw invalid("Choose who will refresh it", { assigneeId: "Choose who will refresh it" });
  if (assigneeId) {
    const [user] = await db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.id, assigneeId)).limit(1);
    if (!user || user.disabledAt) throw invalid("Choose an active staff member", { assigneeId: "Choose an active staff member" });
  }
  const at = day ? startOfLocalDay(day, timeZone) : null;

  await db.transaction(async (tx) => {
    const checks = await tx
      .select({ id: factChecks.id, question: factChecks.question, liveVersionId: factChecks.liveVersionId, nextRefreshAt: factChecks.nextRefreshAt, refreshAssigneeId: factChecks.refreshAssigneeId })
      .from(factChecks)
      .where(inArray(factChecks.id, ids))
      // Row locks in one order, so two schedules sharing checks cannot deadlock.
      .orderBy(factChecks.id)
      .for("update");
    if (checks.length !== ids.length) throw notFound("Fact-check not found");
    const unpublished = checks.find((c) => !c.liveVersionId);
    if (unpublished) throw new DomainError("conflict", `“${unpublished.question}” is not published: only published checks get refreshes`);

    await tx
      .update(factChecks)
      .set({ nextRefreshAt: at, refreshAssigneeId: assigneeId })
      .where(inArray(factChecks.id, ids));
    for (const check of checks) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: day ? "fact_check.refresh_scheduled" : "fact_check.refresh_unscheduled",
        entityType: "fact_check",
        entityId: check.id,
        factCheckId: check.id,
        data: {
          from: { on: check.nextRefreshAt ? localDateOf(check.nextRefreshAt, timeZone) : null, assigneeId: check.refreshAssigneeId },
          to: { on: day, assigneeId },
        },
      });
    }
    if (assigneeId && assigneeId !== actor.id) {
      await notify(
        tx,
        checks.map((check) => ({
          userId: assigneeId,
          kind: "refresh_assigned" as const,
          factCheckId: check.id,
          actorId: actor.id,
          message: `${actor.name} asked you to refresh “${check.question}” by ${formatLocalDate(day!)}`,
        })),
      );
    }
  });
  // The scheduled day moves the moment each page turns stale.
  invalidatePublic([PUBLIC_TAGS.lists, ...ids.map((id) => PUBLIC_TAGS.check(id))]);
  return { ids, nextRefreshOn: day, assigneeId };
}

// ---------------------------------------------------------------------------
// "Refresh due" reminders

/**
 * Tells the assignee of every scheduled refresh whose day has come, once per
 * scheduled date (a reminder created at or after the date counts as sent, so a
 * new date gets a new one). The `refresh-reminders` job runs it once a minute
 * (lib/server/jobs.ts); runs are serialized across processes by an advisory
 * lock as well. Returns how many reminders it sent.
 */
export async function notifyDueRefreshes(): Promise<number> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    // One run at a time across every app instance (they share the database): two
    // concurrent runs would each find no reminder yet and both send one.
    await lockForTransaction(tx, LOCKS.refreshReminders);
    const due = await tx
      .select({ id: factChecks.id, question: factChecks.question, assigneeId: factChecks.refreshAssigneeId })
      .from(factChecks)
      .where(
        and(
          isNotNull(factChecks.refreshAssigneeId),
          isNotNull(factChecks.liveVersionId),
          lte(factChecks.nextRefreshAt, at),
          sql`not exists (select 1 from ${notifications} where ${notifications.userId} = ${factChecks.refreshAssigneeId} and ${notifications.factCheckId} = ${factChecks.id} and ${notifications.kind} = 'refresh_due' and ${notifications.createdAt} >= ${factChecks.nextRefreshAt})`,
        ),
      );
    await notify(
      tx,
      due.map((check) => ({
        userId: check.assigneeId!,
        kind: "refresh_due" as const,
        factCheckId: check.id,
        message: `The refresh of “${check.question}” is due`,
      })),
    );
    return due.length;
  });
}

// ---------------------------------------------------------------------------
// Calendar

export type CalendarEntry = {
  id: string;
  question: string;
  on: LocalDate;
  assigneeName: string | null;
  refreshInProgress: boolean;
  overdue: boolean;
};

/** Scheduled refreshes on the days [from, to) in the site's time zone (editors and admins). */
export async function listRefreshCalendar({ actor, from, to }: { actor: Actor; from: string; to: string }): Promise<{ entries: CalendarEntry[]; today: LocalDate; timeZone: string }> {
  authorize(actor, "plan_refreshes");
  if (!isLocalDate(from) || !isLocalDate(to) || to <= from) throw invalid("Choose a valid date range");
  const db = await getDb();
  const { site, at } = await loadStalenessContext(db);
  const assignee = alias(users, "refresh_assignee");
  const rows = await db
    .select({
      id: factChecks.id,
      question: sql<string>`${publishedVersions.content}->>'question'`,
      nextRefreshAt: factChecks.nextRefreshAt,
      status: factChecks.status,
      assigneeName: assignee.name,
    })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .leftJoin(assignee, eq(assignee.id, factChecks.refreshAssigneeId))
    .where(
      and(
        isNotNull(factChecks.nextRefreshAt),
        gte(factChecks.nextRefreshAt, startOfLocalDay(from, site.timeZone)),
        lt(factChecks.nextRefreshAt, startOfLocalDay(to, site.timeZone)),
      ),
    )
    .orderBy(asc(factChecks.nextRefreshAt));
  const today = localDateOf(at, site.timeZone);
  return {
    entries: rows.map((r) => {
      const on = localDateOf(r.nextRefreshAt!, site.timeZone);
      return {
        id: r.id,
        question: r.question,
        on,
        assigneeName: r.assigneeName,
        refreshInProgress: r.status !== "published",
        overdue: on < today,
      };
    }),
    today,
    timeZone: site.timeZone,
  };
}

export type StaffMember = { id: string; name: string; role: string };

/** Active staff who can be assigned a refresh. */
export async function listAssignableStaff({ actor }: { actor: Actor }): Promise<StaffMember[]> {
  authorize(actor, "plan_refreshes");
  const db = await getDb();
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(sql`${users.disabledAt} is null`)
    .orderBy(asc(users.name));
}

/** The days a calendar view covers: a week (Monday first) or the whole weeks around a month. */
export async function getRefreshCalendar({
  actor,
  view,
  date,
}: {
  actor: Actor;
  view: "month" | "week";
  date?: string | null;
}): Promise<{ view: "month" | "week"; anchor: LocalDate; from: LocalDate; to: LocalDate; today: LocalDate; entries: CalendarEntry[] }> {
  authorize(actor, "plan_refreshes");
  const db = await getDb();
  const { site, at } = await loadStalenessContext(db);
  const today = localDateOf(at, site.timeZone);
  const anchor = date && isLocalDate(date) ? date : today;
  const from = view === "week" ? startOfWeek(anchor) : startOfWeek(startOfMonth(anchor));
  const to = view === "week" ? addDays(from, 7) : addDays(startOfWeek(addMonths(startOfMonth(anchor), 1)), 7);
  const { entries } = await listRefreshCalendar({ actor, from, to });
  return { view, anchor, from, to, today, entries };
}
