import "server-only";
import { and, desc, eq, inArray, isNull, max, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import {
  factChecks,
  outdatedReports,
  publishedCitations,
  publishedVersions,
  revisions,
  slugRedirects,
  sources,
  users,
  type CheckContent,
} from "@/db/schema";
import { citationIdsOf } from "@/lib/citations";
import { docText } from "@/lib/document";
import { localDateOf } from "@/lib/local-date";
import { slugify } from "@/lib/slug";
import { describeReason } from "@/lib/staleness-rules";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { contentHash, contentOf } from "./content";
import { now } from "./clock";
import { DomainError, invalid } from "./errors";
import { getFactCheck, toDto, type FactCheckDto } from "./fact-checks";
import { publishLiveEvent } from "./live-events";
import { writeLiveContent } from "./live-state";
import { notify } from "./notifications";
import { invalidatePublic, PUBLIC_TAGS } from "./public-cache";
import type { SourceSnapshot } from "./public";
import { liveFactsOf, loadStalenessContext, stalenessOf } from "./staleness";
import { can, writersOf, type FactCheckWithPeople } from "./policies/fact-check";
import { can as canInNewsroom } from "./policies/newsroom";
import { applyTransition, authorizeTransition, getApprovedRevision, loadWorkflowContext } from "./workflow";

/**
 * Publishing: an approved revision becomes an immutable published version, in
 * one transaction; starting a refresh opens a new draft from the live version
 * while readers keep seeing it. The state changes themselves are rows of the
 * workflow table (lib/server/workflow.ts): `publish` and `start_refresh`.
 * Readers' reports of outdated information are reader-reports.ts's.
 */

export const CHANGE_NOTE_MAX = 500;

const publishInputSchema = z
  .object({
    changeNote: z
      .string()
      .transform((s) => s.replace(/\s+/g, " ").trim())
      .pipe(z.string().max(CHANGE_NOTE_MAX, `The change note must be at most ${CHANGE_NOTE_MAX} characters`))
      .transform((s) => (s.length ? s : null))
      .nullable()
      .optional(),
  })
  .strict();

export type PublishedVersionDto = {
  id: string;
  number: number;
  slug: string;
  checkedOn: string;
  changeNote: string | null;
  contentHash: string;
  url: string;
};

export type PublishResult = { factCheck: FactCheckDto; version: PublishedVersionDto; redirectedFrom: string | null };

/** The weighted search document of a version (question A, summary and headings B, bodies C, related and claim D). */
function searchDocument(content: CheckContent) {
  const summary = docText(content.summary);
  const headings = content.sections.map((s) => s.heading).join(" \n ");
  const bodies = content.sections.map((s) => docText(s.body)).join(" \n ");
  const extra = [...content.relatedQuestions.map((q) => q.text), content.claimReviewed ?? "", content.verdict ?? ""].join(" \n ");
  return sql`setweight(to_tsvector('english', ${content.question}), 'A') || setweight(to_tsvector('english', ${summary + " \n " + headings}), 'B') || setweight(to_tsvector('english', ${bodies}), 'C') || setweight(to_tsvector('english', ${extra}), 'D')`;
}

/** A slug for a published check that no other check uses or used. */
async function freePublicSlug(tx: Db, base: string, selfId: string): Promise<string> {
  const pattern = `${base}-%`;
  const [taken, redirected] = await Promise.all([
    tx
      .select({ slug: factChecks.slug })
      .from(factChecks)
      .where(and(ne(factChecks.id, selfId), or(eq(factChecks.slug, base), sql`${factChecks.slug} like ${pattern}`))),
    tx
      .select({ slug: slugRedirects.slug })
      .from(slugRedirects)
      .where(and(ne(slugRedirects.factCheckId, selfId), or(eq(slugRedirects.slug, base), sql`${slugRedirects.slug} like ${pattern}`))),
  ]);
  const used = new Set([...taken, ...redirected].map((r) => r.slug));
  let slug = base;
  for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** The check's writers and whoever is to refresh it, except the actor. */
function recipients(check: Pick<FactCheckWithPeople, "ownerId" | "assigneeId" | "collaboratorIds" | "refreshAssigneeId">, actor: Actor): string[] {
  return [...new Set([...writersOf(check), check.refreshAssigneeId].filter((id): id is string => !!id && id !== actor.id))];
}

/**
 * Publishes exactly the approved revision of a check (editors and admins).
 * One transaction: the immutable version and its citations, the check's live
 * pointer, "Checked on", slug redirect, the reasons it answers (reader reports,
 * the scheduled refresh), audit and notifications. Any failure leaves the
 * previous version live and nothing written.
 */
export async function publishFactCheck({
  actor,
  id,
  input = {},
}: {
  actor: Actor;
  id: string;
  input?: unknown;
}): Promise<PublishResult> {
  const parsed = publishInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(issue?.message ?? "Invalid input", { [issue?.path.join(".") || "_"]: issue?.message ?? "Invalid" });
  }
  const changeNote = parsed.data.changeNote ?? null;
  const db = await getDb();

  const result = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const transition = authorizeTransition(ctx, "publish", actor);
    const revision = await getApprovedRevision(tx, id);
    const check = ctx.check;
    const content = revision.content;
    const at = now();

    const cited = [...new Set([...citationIdsOf(content.summary), ...content.sections.flatMap((s) => citationIdsOf(s.body))])];
    const citedRows = cited.length ? await tx.select().from(sources).where(inArray(sources.id, cited)) : [];
    if (citedRows.length !== cited.length) {
      throw new DomainError("conflict", "A cited source is missing from the library; fix the citation and review again");
    }
    const sourcesSnapshot: Record<string, SourceSnapshot> = Object.fromEntries(
      citedRows.map((s) => [
        s.id,
        {
          title: s.title,
          publisher: s.publisher,
          author: s.author,
          publishedOn: s.publishedOn,
          lastVerifiedOn: s.lastVerifiedOn,
          url: s.url,
          archivedUrl: s.archivedUrl,
        },
      ]),
    );

    // The address follows the question; the old one keeps working as a redirect.
    const previous = check.liveVersionId
      ? (await tx.select({ content: publishedVersions.content, slug: publishedVersions.slug }).from(publishedVersions).where(eq(publishedVersions.id, check.liveVersionId)))[0]
      : undefined;
    let slug = check.slug;
    let redirectedFrom: string | null = null;
    if (previous && previous.content.question !== content.question) {
      const wanted = await freePublicSlug(tx, slugify(content.question), check.id);
      if (wanted !== check.slug) {
        redirectedFrom = check.slug;
        slug = wanted;
        await tx.delete(slugRedirects).where(eq(slugRedirects.slug, slug));
        await tx.insert(slugRedirects).values({ slug: check.slug, factCheckId: check.id, createdAt: at }).onConflictDoNothing();
      }
    }

    const [{ last }] = (await tx
      .select({ last: max(publishedVersions.number) })
      .from(publishedVersions)
      .where(eq(publishedVersions.factCheckId, check.id))) as [{ last: number | null }];
    const number = (last ?? 0) + 1;

    const [version] = await tx
      .insert(publishedVersions)
      .values({
        factCheckId: check.id,
        number,
        revisionId: revision.id,
        slug,
        content,
        contentHash: revision.contentHash,
        sourcesSnapshot,
        checkedOn: at,
        publishedById: actor.id,
        changeNote,
        createdAt: at,
        search: searchDocument(content),
      })
      .returning();
    if (cited.length) {
      await tx.insert(publishedCitations).values(cited.map((sourceId) => ({ versionId: version!.id, sourceId })));
    }

    await applyTransition(tx, {
      actor,
      check,
      action: "publish",
      to: transition.to,
      data: { version: number, revision: revision.version, contentHash: revision.contentHash, changeNote, slug },
    });
    const [updated] = await tx
      .update(factChecks)
      .set({
        liveVersionId: version!.id,
        checkedOn: at,
        slug,
        // A republication answers the scheduled refresh and the open reader reports.
        nextRefreshAt: null,
        refreshAssigneeId: null,
        updatedAt: at,
        updatedById: actor.id,
      })
      .where(eq(factChecks.id, check.id))
      .returning();
    const resolved = await tx
      .update(outdatedReports)
      .set({ resolvedAt: at })
      .where(and(eq(outdatedReports.factCheckId, check.id), isNull(outdatedReports.resolvedAt)))
      .returning({ id: outdatedReports.id });

    await notify(
      tx,
      recipients(check, actor).map((userId) => ({
        userId,
        kind: "published" as const,
        factCheckId: check.id,
        actorId: actor.id,
        message: number === 1 ? `${actor.name} published “${content.question}”` : `${actor.name} published version ${number} of “${content.question}”`,
      })),
    );
    if (resolved.length || check.nextRefreshAt) {
      // Kept apart from the transition's own entry so the timeline says what the publication answered.
      await applyAnsweredAudit(tx, actor, check.id, { reports: resolved.length, scheduledRefresh: check.nextRefreshAt?.toISOString() ?? null });
    }
    return {
      factCheck: toDto({ ...updated!, collaboratorIds: check.collaboratorIds }),
      version: {
        id: version!.id,
        number,
        slug,
        checkedOn: at.toISOString(),
        changeNote,
        contentHash: revision.contentHash,
        url: `/fact-checks/${slug}`,
      },
      redirectedFrom,
    };
  });

  // Every public page may link to this check ("Want to dive deeper?"), and the lists change.
  invalidatePublic([PUBLIC_TAGS.all]);
  // Open editors become read-only.
  publishLiveEvent({ type: "access", factCheckId: id });
  return result;
}

async function applyAnsweredAudit(tx: Db, actor: Actor, factCheckId: string, data: Record<string, unknown>) {
  await recordAudit(tx, { actorId: actor.id, action: "fact_check.reasons_answered", entityType: "fact_check", entityId: factCheckId, factCheckId, data });
}

/**
 * Starts a refresh (editors and admins): the working copy becomes a draft,
 * copied from the live version, and goes through review again. The live
 * version, its page and "Checked on" stay as they are until the refresh is published.
 * The refresh assignee, if one was scheduled, becomes the draft's assignee.
 */
export async function startRefresh({ actor, id }: { actor: Actor; id: string }): Promise<FactCheckDto> {
  const db = await getDb();
  let liveChanged = false;
  const dto = await db.transaction(async (tx) => {
    const ctx = await loadWorkflowContext(tx, { actor, id, lock: true });
    const transition = authorizeTransition(ctx, "start_refresh", actor);
    const check = ctx.check;
    if (!check.liveVersionId) throw new DomainError("conflict", "This check has no published version to refresh");
    const [live] = await tx.select().from(publishedVersions).where(eq(publishedVersions.id, check.liveVersionId));
    if (!live) throw new DomainError("conflict", "This check has no published version to refresh");

    // The working copy of a published check is the live version: edits are refused while
    // it is published. One that differs holds a save acknowledged before that rule held
    // under concurrency; the new draft keeps it (it goes through review like any draft).
    const keptWorkingCopy = contentHash(contentOf(check)) !== live.contentHash;
    await applyTransition(tx, {
      actor,
      check,
      action: "start_refresh",
      to: transition.to,
      data: { fromVersion: live.number, ...(keptWorkingCopy ? { keptWorkingCopy } : {}) },
    });
    const c = keptWorkingCopy ? contentOf(check) : live.content;
    const assigneeId = check.refreshAssigneeId ?? check.assigneeId;
    const [updated] = await tx
      .update(factChecks)
      .set({
        question: c.question,
        topic: c.topic,
        summary: c.summary,
        sections: c.sections,
        relatedQuestions: c.relatedQuestions,
        claimReviewed: c.claimReviewed,
        verdict: c.verdict,
        claimAppearance: c.claimAppearance,
        assigneeId,
        version: sql`${factChecks.version} + 1`,
        updatedAt: now(),
        updatedById: actor.id,
      })
      .where(eq(factChecks.id, check.id))
      .returning();
    liveChanged = await writeLiveContent(tx, { factCheckId: check.id, content: contentOf(updated!) });
    await notify(
      tx,
      recipients({ ...check, assigneeId }, actor).map((userId) => ({
        userId,
        kind: "refresh_due" as const,
        factCheckId: check.id,
        actorId: actor.id,
        message: `${actor.name} started a refresh of “${c.question}”: a new draft is open; the published version stays up until it is republished`,
      })),
    );
    return toDto({ ...updated!, collaboratorIds: check.collaboratorIds });
  });
  // Open editors get the draft's content and may write again.
  if (liveChanged) publishLiveEvent({ type: "content", factCheckId: id });
  publishLiveEvent({ type: "access", factCheckId: id });
  return dto;
}

/**
 * The live version's content: the base a reviewer compares a refresh draft
 * against. Null for a check that was never published. `revision` is the
 * number of the approved revision it was published from.
 */
export async function getLiveVersionContent(
  db: Db,
  factCheckId: string,
): Promise<{ number: number; revision: number; content: CheckContent; checkedOn: Date } | null> {
  const [row] = await db
    .select({ number: publishedVersions.number, revision: revisions.version, content: publishedVersions.content, checkedOn: publishedVersions.checkedOn })
    .from(factChecks)
    .innerJoin(publishedVersions, eq(publishedVersions.id, factChecks.liveVersionId))
    .innerJoin(revisions, eq(revisions.id, publishedVersions.revisionId))
    .where(eq(factChecks.id, factCheckId))
    .limit(1);
  return row ?? null;
}

export type VersionHistoryItem = { number: number; checkedOn: string; changeNote: string | null; publishedByName: string; live: boolean; slug: string };

/** Staff view of a check's publications (the check must be visible to the actor). */
export async function listPublishedVersions({ actor, id }: { actor: Actor; id: string }): Promise<VersionHistoryItem[]> {
  const db = await getDb();
  const ctx = await loadWorkflowContext(db, { actor, id });
  const rows = await db
    .select({
      id: publishedVersions.id,
      number: publishedVersions.number,
      checkedOn: publishedVersions.checkedOn,
      changeNote: publishedVersions.changeNote,
      slug: publishedVersions.slug,
      publishedByName: users.name,
    })
    .from(publishedVersions)
    .innerJoin(users, eq(users.id, publishedVersions.publishedById))
    .where(eq(publishedVersions.factCheckId, id))
    .orderBy(desc(publishedVersions.number));
  return rows.map((r) => ({
    number: r.number,
    checkedOn: r.checkedOn.toISOString(),
    changeNote: r.changeNote,
    publishedByName: r.publishedByName,
    live: r.id === ctx.check.liveVersionId,
    slug: r.slug,
  }));
}

// ---------------------------------------------------------------------------
// The staff's publishing panel of one check

export type PublishingOverview = {
  check: FactCheckDto;
  live: { number: number; slug: string; checkedOn: string } | null;
  versions: VersionHistoryItem[];
  stale: boolean;
  reasons: { kind: string; text: string }[];
  dueOn: string | null;
  schedule: { on: string; assigneeId: string | null; assigneeName: string | null } | null;
  timeZone: string;
  today: string;
  can: { publish: boolean; startRefresh: boolean; schedule: boolean; assign: boolean };
};

/** Everything the publishing panel shows; the check must be visible to the actor (else 404). */
export async function getPublishingOverview({ actor, id }: { actor: Actor; id: string }): Promise<PublishingOverview> {
  const db = await getDb();
  const check = await getFactCheck({ actor, id });
  const [row] = await db
    .select({ refreshAssigneeId: factChecks.refreshAssigneeId, assigneeName: users.name })
    .from(factChecks)
    .leftJoin(users, eq(users.id, factChecks.refreshAssigneeId))
    .where(eq(factChecks.id, id));
  const versions = await listPublishedVersions({ actor, id });
  const facts = await liveFactsOf(db, id);
  const context = await loadStalenessContext(db);
  const { timeZone } = context.site;
  const staleness = facts ? (await stalenessOf(db, [facts], { withReports: true, context })).get(id) : undefined;
  const live = versions.find((v) => v.live);
  return {
    check,
    live: live ? { number: live.number, slug: live.slug, checkedOn: live.checkedOn } : null,
    versions,
    stale: staleness?.stale ?? false,
    reasons: staleness ? [...staleness.reasons, ...staleness.textChanges, ...staleness.reports].map((r) => ({ kind: r.kind, text: describeReason(r, timeZone) })) : [],
    dueOn: staleness?.dueOn ?? null,
    schedule: check.nextRefreshAt
      ? { on: localDateOf(new Date(check.nextRefreshAt), timeZone), assigneeId: row?.refreshAssigneeId ?? null, assigneeName: row?.assigneeName ?? null }
      : null,
    timeZone,
    today: localDateOf(context.at, timeZone),
    can: {
      publish: can(actor, "publish", check),
      startRefresh: canInNewsroom(actor, "publish") && check.status === "published",
      schedule: canInNewsroom(actor, "plan_refreshes") && !!live,
      assign: canInNewsroom(actor, "assign_questions"),
    },
  };
}
