/** Checks, sources and review rounds for the review workflow tests. */
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { factChecks, sources } from "@/db/schema";
import type { RichDoc } from "@/lib/document";
import type { Actor } from "@/lib/server/actor";
import { createFactCheck, getFactCheck, updateFactCheck } from "@/lib/server/fact-checks";
import { reviewFactCheck, submitForReview } from "@/lib/server/reviews";
import { queryRows } from "../db";

export async function createSource(status: "live" | "updated" | "dead" | "retracted" = "live", title = "Housing office report") {
  const db = await getDb();
  const url = `https://example.org/report/${crypto.randomUUID()}`;
  const [row] = await db.insert(sources).values({ url, normalizedUrl: url, title, status }).returning();
  return row!;
}

export const paragraph = (text: string, sourceId?: string): RichDoc => ({
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [{ type: "text", text }, ...(sourceId ? [{ type: "citation" as const, attrs: { sourceId } }] : [])],
    },
  ],
});

/** A check that passes the pre-approval gate: summary, headed sections, each with a citation to a live source. */
export async function createReadyCheck(owner: Actor, sourceId?: string) {
  const source = sourceId ?? (await createSource()).id;
  return createFactCheck({
    actor: owner,
    input: {
      question: `Did the city build 412 homes in 2024? ${crypto.randomUUID().slice(0, 6)}`,
      summary: paragraph("Yes. The housing office counted 412 completed homes.", source),
      sections: [
        {
          heading: "What the count says",
          body: paragraph("The city counted 412 new homes in 2024. The mayor said the figure was a record, but the 2019 count was higher.", source),
        },
        { heading: "Context", body: paragraph("Most of the new homes were apartments near the river.", source) },
      ],
    },
  });
}

/** Saves an edit the way the editor does (current version). */
export async function edit(actor: Actor, id: string, changes: Record<string, unknown>) {
  const current = await getFactCheck({ actor, id });
  return updateFactCheck({ actor, id, input: { version: current.version, ...changes } });
}

export const submit = (actor: Actor, id: string, reviewers: { id: string }[], note?: string) =>
  submitForReview({ actor, id, input: { reviewerIds: reviewers.map((r) => r.id), ...(note ? { note } : {}) } });

export const approve = (actor: Actor, id: string) => reviewFactCheck({ actor, id, input: { decision: "approve" } });

export const requestChanges = (actor: Actor, id: string, comment = "Please source the 2019 figure.") =>
  reviewFactCheck({ actor, id, input: { decision: "request_changes", comment } });

export async function setStatus(id: string, status: "draft" | "in_review" | "approved" | "published") {
  const db = await getDb();
  await db.update(factChecks).set({ status }).where(eq(factChecks.id, id));
}

/** Everything a refused step must leave untouched. */
export async function snapshot(id: string) {
  const db = await getDb();
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`select
      (select row_to_json(f) from (select status, version, question, updated_at from fact_checks where id = ${id}) f) as check_row,
      (select count(*)::int from revisions where fact_check_id = ${id}) as revisions,
      (select coalesce(json_agg(json_build_object('id', id, 'state', state) order by id), '[]'::json) from review_requests where fact_check_id = ${id}) as requests,
      (select count(*)::int from comments where fact_check_id = ${id}) as comments,
      (select count(*)::int from notifications) as notifications,
      (select count(*)::int from audit_log) as audit`,
  );
  return JSON.stringify(row);
}
