import "server-only";
import { asc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { factChecks, settings, topicPolicies } from "@/db/schema";
import { isValidTimeZone } from "@/lib/local-date";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { invalid, notFound } from "./errors";
import { authorize } from "./policies/newsroom";
import { invalidatePublic, PUBLIC_TAGS } from "./public-cache";

/** Site settings, kept as one JSON value under this key of the `settings` table. */
const SITE_KEY = "site";

export type SiteSettings = {
  siteName: string;
  disclaimer: string;
  /** Where the disclaimer's "Learn more" leads: a path on this site or an http(s) address; "" for no link. */
  disclaimerLink: string;
  bannerText: string;
  defaultRefreshIntervalDays: number;
  timeZone: string;
};

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  siteName: "Factdesk",
  disclaimer:
    "Our fact-checks rely on the sources listed on each page as they stood on the day the check was made. We update a check when the evidence changes.",
  disclaimerLink: "/about",
  bannerText: "This fact-check may be outdated. Consider refreshing it to get the most current information.",
  defaultRefreshIntervalDays: 90,
  timeZone: "UTC",
};

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label}` })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, `Enter the ${label}`).max(max, `The ${label} must be at most ${max} characters`));

export const DISCLAIMER_LINK_MAX = 2048;
const DISCLAIMER_LINK_ERROR = "Enter a path on this site such as /about, or a web address starting with http:// or https://";

/**
 * The disclaimer's link, as it will be written in the page: a path on this site
 * (read as a browser reads it, so "//host" or "/\\host" cannot lead elsewhere)
 * or an absolute http(s) address with a host. Anything else (javascript:, mailto:,
 * a bare word) is refused rather than guessed at.
 */
export function parseDisclaimerLink(value: string): { ok: true; href: string } | { ok: false; message: string } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: true, href: "" };
  if (trimmed.length > DISCLAIMER_LINK_MAX) return { ok: false, message: `The link must be at most ${DISCLAIMER_LINK_MAX} characters` };
  if (trimmed.startsWith("/")) {
    const path = safeCallbackPath(trimmed, "");
    return path ? { ok: true, href: path } : { ok: false, message: DISCLAIMER_LINK_ERROR };
  }
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) return { ok: false, message: DISCLAIMER_LINK_ERROR };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: DISCLAIMER_LINK_ERROR };
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return { ok: false, message: DISCLAIMER_LINK_ERROR };
  return { ok: true, href: url.toString() };
}

const disclaimerLink = z
  .string({ error: DISCLAIMER_LINK_ERROR })
  .transform((value, ctx) => {
    const parsed = parseDisclaimerLink(value);
    if (parsed.ok) return parsed.href;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  })
  .optional();

const intervalDays = z.coerce
  .number({ error: "Enter a number of days" })
  .int("Enter a whole number of days")
  .min(1, "The interval is at least 1 day")
  .max(3650, "The interval is at most 3650 days");

export const siteSettingsSchema = z
  .object({
    siteName: text("site name", 80),
    disclaimer: text("disclaimer", 1000),
    disclaimerLink,
    bannerText: text("banner text", 300),
    defaultRefreshIntervalDays: intervalDays,
    timeZone: z
      .string({ error: "Choose a time zone" })
      .trim()
      .refine(isValidTimeZone, "Choose a time zone such as Europe/Paris or America/New_York"),
  })
  .strict();

export const topicPolicySchema = z
  .object({
    topic: text("topic", 80).transform((s) => s.replace(/\s+/g, " ")),
    refreshIntervalDays: intervalDays,
  })
  .strict();

/** The site settings, with defaults for anything never saved. Public: readers' pages use them. */
export async function getSiteSettings(db?: Db): Promise<SiteSettings> {
  const database = db ?? (await getDb());
  const [row] = await database.select({ value: settings.value }).from(settings).where(eq(settings.key, SITE_KEY)).limit(1);
  const stored = (row?.value ?? {}) as Partial<SiteSettings>;
  const merged = { ...DEFAULT_SITE_SETTINGS, ...stored };
  // A time zone that this runtime does not know must not break every page.
  if (!isValidTimeZone(merged.timeZone)) merged.timeZone = DEFAULT_SITE_SETTINGS.timeZone;
  // Nor may a stored link that was never validated reach a page.
  const link = typeof merged.disclaimerLink === "string" ? parseDisclaimerLink(merged.disclaimerLink) : null;
  merged.disclaimerLink = link?.ok ? link.href : "";
  return merged;
}

export async function updateSiteSettings({ actor, input }: { actor: Actor; input: unknown }): Promise<SiteSettings> {
  authorize(actor, "change_site_settings");
  const parsed = siteSettingsSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const db = await getDb();
  const before = await getSiteSettings(db);
  // Left out (an older client): the link stays as it was.
  const value: SiteSettings = { ...parsed.data, disclaimerLink: parsed.data.disclaimerLink ?? before.disclaimerLink };
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: SITE_KEY, value, updatedAt: now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now() } });
    const changes = Object.fromEntries(
      (Object.keys(value) as (keyof SiteSettings)[])
        .filter((k) => before[k] !== value[k])
        .map((k) => [k, { from: before[k], to: value[k] }]),
    );
    await recordAudit(tx, { actorId: actor.id, action: "settings.updated", entityType: "settings", entityId: SITE_KEY, data: { changes } });
  });
  // Name, disclaimer, banner, interval and time zone all show on every public page.
  invalidatePublic([PUBLIC_TAGS.all]);
  return value;
}

export type TopicPolicy = { topic: string; refreshIntervalDays: number };

export async function listTopicPolicies(db?: Db): Promise<TopicPolicy[]> {
  const database = db ?? (await getDb());
  return database
    .select({ topic: topicPolicies.topic, refreshIntervalDays: topicPolicies.refreshIntervalDays })
    .from(topicPolicies)
    .orderBy(asc(sql`lower(${topicPolicies.topic})`));
}

/** Topics in use on checks, for choosing a policy's topic. */
export async function listKnownTopics(): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ topic: factChecks.topic })
    .from(factChecks)
    .where(isNotNull(factChecks.topic))
    .orderBy(asc(factChecks.topic));
  return rows.map((r) => r.topic!).filter(Boolean);
}

/** Creates or changes the policy of a topic (topics match case-insensitively). */
export async function setTopicPolicy({ actor, input }: { actor: Actor; input: unknown }): Promise<TopicPolicy> {
  authorize(actor, "set_refresh_policies");
  const parsed = topicPolicySchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const { topic, refreshIntervalDays } = parsed.data;
  const db = await getDb();
  const saved = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(topicPolicies)
      .where(sql`lower(${topicPolicies.topic}) = lower(${topic})`)
      .limit(1);
    const key = existing?.topic ?? topic;
    await tx
      .insert(topicPolicies)
      .values({ topic: key, refreshIntervalDays, updatedAt: now() })
      .onConflictDoUpdate({ target: topicPolicies.topic, set: { refreshIntervalDays, updatedAt: now() } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "topic_policy.set",
      entityType: "settings",
      entityId: `topic:${key}`,
      data: { topic: key, from: existing?.refreshIntervalDays ?? null, to: refreshIntervalDays },
    });
    return { topic: key, refreshIntervalDays };
  });
  invalidatePublic([PUBLIC_TAGS.all]);
  return saved;
}

export async function deleteTopicPolicy({ actor, topic }: { actor: Actor; topic: string }): Promise<void> {
  authorize(actor, "set_refresh_policies");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(topicPolicies)
      .where(sql`lower(${topicPolicies.topic}) = lower(${topic})`)
      .returning({ topic: topicPolicies.topic, refreshIntervalDays: topicPolicies.refreshIntervalDays });
    if (deleted.length === 0) throw notFound("No policy for that topic");
    await recordAudit(tx, {
      actorId: actor.id,
      action: "topic_policy.deleted",
      entityType: "settings",
      entityId: `topic:${deleted[0]!.topic}`,
      data: { topic: deleted[0]!.topic, from: deleted[0]!.refreshIntervalDays },
    });
  });
  invalidatePublic([PUBLIC_TAGS.all]);
}

/** The refresh interval that applies to a check, and where it comes from. */
export function effectiveInterval(
  check: { refreshIntervalDays: number | null; topic: string | null },
  policies: readonly TopicPolicy[],
  site: Pick<SiteSettings, "defaultRefreshIntervalDays">,
): { days: number; from: "check" | "topic" | "site" } {
  if (check.refreshIntervalDays) return { days: check.refreshIntervalDays, from: "check" };
  const topic = check.topic?.toLowerCase();
  const policy = topic ? policies.find((p) => p.topic.toLowerCase() === topic) : undefined;
  if (policy) return { days: policy.refreshIntervalDays, from: "topic" };
  return { days: site.defaultRefreshIntervalDays, from: "site" };
}
