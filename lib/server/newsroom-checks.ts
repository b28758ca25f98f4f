import "server-only";
/**
 * Every check in the newsroom, for editors and admins (`list_checks`,
 * policies/newsroom.ts): drafts, checks in review, approved and published ones,
 * filtered by status, owner, topic and staleness, most recently changed first.
 * Staleness is the rules' (lib/staleness-rules.ts) for the live version of each
 * published check, so the stale check the refresh queue shows is found here too.
 */
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { getDb } from "@/db";
import { factChecks, publishedVersions, users } from "@/db/schema";
import type { LocalDate } from "@/lib/local-date";
import { daysUntilDue, describeReason } from "@/lib/staleness-rules";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { invalid } from "./errors";
import type { FactCheckStatus } from "./fact-checks";
import { visibleTo } from "./policies/fact-check";
import { authorize } from "./policies/newsroom";
import { loadStalenessContext, stalenessOf } from "./staleness";

export const CHECK_STATUSES = ["draft", "in_review", "approved", "published"] as const;
/** `stale`: its live version may be outdated; `fresh`: published and not stale; `unpublished`: never published. */
export const STALENESS_FILTERS = ["stale", "fresh", "unpublished"] as const;
export type StalenessFilter = (typeof STALENESS_FILTERS)[number];
export const NEWSROOM_PAGE_SIZE = 50;

const filtersSchema = z
  .object({
    status: z.enum(CHECK_STATUSES, { error: "Unknown status" }).nullish(),
    ownerId: z.string().trim().max(64).nullish(),
    topic: z.string().trim().max(80).nullish(),
    staleness: z.enum(STALENESS_FILTERS, { error: "Unknown staleness" }).nullish(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strip();

export type NewsroomCheck = {
  id: string;
  question: string;
  status: FactCheckStatus;
  topic: string | null;
  ownerId: string;
  ownerName: string;
  updatedAt: string;
  /** Published: the live version's day; a check being refreshed is published too. */
  live: { checkedOn: string; stale: boolean; dueOn: LocalDate; daysUntilDue: number; reasons: string[] } | null;
};

export type NewsroomList = {
  items: NewsroomCheck[];
  total: number;
  offset: number;
  limit: number;
  /** For the filters: everyone who owns a check, and every topic. */
  owners: { id: string; name: string }[];
  topics: string[];
  timeZone: string;
};

export async function listNewsroomChecks({ actor, filters = {} }: { actor: Actor; filters?: unknown }): Promise<NewsroomList> {
  authorize(actor, "list_checks");
  const parsed = filtersSchema.safeParse(filters ?? {});
  if (!parsed.success) throw invalid("Check the filters", fieldErrors(parsed.error));
  const f = parsed.data;
  const db = await getDb();
  const owner = alias(users, "owner");

  const where: SQL[] = [visibleTo(actor)];
  if (f.status) where.push(eq(factChecks.status, f.status));
  if (f.ownerId) where.push(eq(factChecks.ownerId, f.ownerId));
  if (f.topic) where.push(sql`lower(${factChecks.topic}) = lower(${f.topic})`);
  if (f.staleness === "unpublished") where.push(sql`${factChecks.liveVersionId} is null`);
  if (f.staleness === "stale" || f.staleness === "fresh") where.push(sql`${factChecks.liveVersionId} is not null`);

  const [rows, owners, topics, context] = await Promise.all([
    db
      .select({
        id: factChecks.id,
        question: factChecks.question,
        status: factChecks.status,
        topic: factChecks.topic,
        ownerId: factChecks.ownerId,
        ownerName: owner.name,
        updatedAt: factChecks.updatedAt,
        refreshIntervalDays: factChecks.refreshIntervalDays,
        nextRefreshAt: factChecks.nextRefreshAt,
        liveVersionId: publishedVersions.id,
        checkedOn: publishedVersions.checkedOn,
        liveTopic: sql<string | null>`${publishedVersions.content}->>'topic'`,
      })
      .from(factChecks)
      .innerJoin(owner, eq(owner.id, factChecks.ownerId))
      .leftJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
      .where(and(...where))
      .orderBy(desc(factChecks.updatedAt), factChecks.id),
    db
      .selectDistinct({ id: users.id, name: users.name })
      .from(users)
      .innerJoin(factChecks, eq(factChecks.ownerId, users.id))
      .where(visibleTo(actor))
      .orderBy(users.name),
    db
      .selectDistinct({ topic: factChecks.topic })
      .from(factChecks)
      .where(and(visibleTo(actor), sql`${factChecks.topic} is not null and ${factChecks.topic} <> ''`))
      .orderBy(factChecks.topic),
    loadStalenessContext(db),
  ]);

  const { timeZone } = context.site;
  const liveFacts = rows.flatMap((r) =>
    r.liveVersionId && r.checkedOn
      ? [{ factCheckId: r.id, liveVersionId: r.liveVersionId, checkedOn: r.checkedOn, topic: r.liveTopic, refreshIntervalDays: r.refreshIntervalDays, nextRefreshAt: r.nextRefreshAt }]
      : [],
  );
  const staleness = await stalenessOf(db, liveFacts, { withReports: false, context });
  const items: NewsroomCheck[] = rows.map((r) => {
    const s = staleness.get(r.id);
    return {
      id: r.id,
      question: r.question,
      status: r.status,
      topic: r.topic,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      updatedAt: r.updatedAt.toISOString(),
      live:
        s && r.checkedOn
          ? {
              checkedOn: r.checkedOn.toISOString(),
              stale: s.stale,
              dueOn: s.dueOn,
              daysUntilDue: daysUntilDue(s, context.at, timeZone),
              reasons: s.reasons.map((reason) => describeReason(reason, timeZone)),
            }
          : null,
    };
  });
  const matching = items.filter((item) => {
    if (f.staleness === "stale") return !!item.live?.stale;
    if (f.staleness === "fresh") return !!item.live && !item.live.stale;
    return true;
  });
  const offset = f.offset ?? 0;
  return {
    items: matching.slice(offset, offset + NEWSROOM_PAGE_SIZE),
    total: matching.length,
    offset,
    limit: NEWSROOM_PAGE_SIZE,
    owners,
    topics: [...new Set(topics.map((t) => t.topic!))],
    timeZone,
  };
}
