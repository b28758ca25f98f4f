/**
 * Races on one check. Every pair of state-changing calls (edit, submit,
 * approve, request changes, publish, start refresh) runs at the same time on a
 * fresh check, many times, from the states where both could succeed one after
 * the other, with start delays chosen by fast-check. After each round the
 * stored check must be one that some order of the acknowledged calls explains:
 * no acknowledged edit lost, nothing published that was not approved, status
 * and review requests in agreement, versions counting every content write, and
 * every refusal a 403 or 409.
 *
 * PostgreSQL only: PGlite has one connection, so nothing there runs at once.
 */
import { describe, expect, it, beforeAll } from "vitest";
import fc from "fast-check";
import { and, asc, eq, inArray } from "drizzle-orm";
import { auditLog, citations, factChecks, publishedCitations, publishedVersions, reviewRequests, revisions } from "@/db/schema";
import type { RichDoc } from "@/lib/document";
import { canonicalJson, contentHash, contentOf } from "@/lib/server/content";
import { DomainError } from "@/lib/server/errors";
import { updateFactCheck } from "@/lib/server/fact-checks";
import { publishFactCheck, startRefresh } from "@/lib/server/publishing";
import { reviewFactCheck, submitForReview } from "@/lib/server/reviews";
import { useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createReadyCheck, createSource, paragraph } from "../integration/review-fixtures";

const getDb = useTestDatabase();

type Op = "edit" | "submit" | "approve" | "request_changes" | "publish" | "start_refresh";
type State = "draft" | "in_review" | "approved" | "published";

const OPS: Op[] = ["edit", "submit", "approve", "request_changes", "publish", "start_refresh"];
const STATES: State[] = ["draft", "in_review", "approved", "published"];
/** Audit actions that move a check through the workflow table. */
const TRANSITION_ACTIONS = ["submit", "approve", "request_changes", "withdraw", "publish", "start_refresh"].map((a) => `fact_check.${a}`);

/** Where each call leads when it runs alone (one reviewer): used to choose the starting states of a pair. */
const ALONE: Record<State, Partial<Record<Op, State>>> = {
  draft: { edit: "draft", submit: "in_review" },
  in_review: { edit: "draft", approve: "approved", request_changes: "draft" },
  approved: { edit: "draft", publish: "published" },
  published: { start_refresh: "draft" },
};

/** States from which both calls can succeed, each alone or one after the other; else those where either can. */
function startStates(a: Op, b: Op): State[] {
  const then = (s: State, x: Op, y: Op) => {
    const next = ALONE[s][x];
    return next !== undefined && ALONE[next][y] !== undefined;
  };
  const both = STATES.filter((s) => (ALONE[s][a] && ALONE[s][b]) || then(s, a, b) || then(s, b, a));
  return both.length ? both : STATES.filter((s) => ALONE[s][a] || ALONE[s][b]);
}

let writer: TestUser, reviewer: TestUser, editor: TestUser;
let sourceId: string;
const templates = new Map<State, Template>();
beforeAll(async () => {
  [writer, reviewer, editor] = await Promise.all([createWriter(), createReviewer(), createEditor()]);
  sourceId = (await createSource()).id;
  for (const state of STATES) templates.set(state, await templateOf(await checkIn(state)));
});

/** A check in `state`, reached through the real workflow. */
async function checkIn(state: State): Promise<string> {
  const { id } = await createReadyCheck(writer.actor, sourceId);
  if (state === "draft") return id;
  await submitForReview({ actor: writer.actor, id, input: { reviewerIds: [reviewer.id] } });
  if (state === "in_review") return id;
  await reviewFactCheck({ actor: reviewer.actor, id, input: { decision: "approve" } });
  if (state === "approved") return id;
  await publishFactCheck({ actor: editor.actor, id });
  return id;
}

type Template = Awaited<ReturnType<typeof templateOf>>;

/** The rows of a check that the workflow reads. */
async function templateOf(id: string) {
  const db = getDb();
  const [check] = await db.select().from(factChecks).where(eq(factChecks.id, id));
  const versions = await db.select().from(publishedVersions).where(eq(publishedVersions.factCheckId, id));
  return {
    check: check!,
    cited: await db.select().from(citations).where(eq(citations.factCheckId, id)),
    revisions: await db.select().from(revisions).where(eq(revisions.factCheckId, id)),
    requests: await db.select().from(reviewRequests).where(eq(reviewRequests.factCheckId, id)),
    versions,
    publishedCited: versions.length
      ? await db.select().from(publishedCitations).where(inArray(publishedCitations.versionId, versions.map((v) => v.id)))
      : [],
  };
}

/**
 * A copy of a check reached through the workflow (its rows with new ids): a round
 * starts from one in a few milliseconds, where walking the workflow again would
 * take most of the test's time.
 */
async function copyOf(t: Template): Promise<string> {
  const id = crypto.randomUUID();
  const ids = new Map<string, string>([...t.revisions, ...t.versions].map((r) => [r.id, crypto.randomUUID()]));
  const to = (old: string) => ids.get(old)!;
  await getDb().transaction(async (tx) => {
    await tx.insert(factChecks).values({
      ...t.check,
      id,
      slug: `${t.check.slug}-${id.slice(0, 8)}`,
      liveVersionId: t.check.liveVersionId && to(t.check.liveVersionId),
    });
    if (t.cited.length) await tx.insert(citations).values(t.cited.map((c) => ({ ...c, factCheckId: id })));
    if (t.revisions.length) await tx.insert(revisions).values(t.revisions.map((r) => ({ ...r, id: to(r.id), factCheckId: id })));
    if (t.requests.length) {
      await tx.insert(reviewRequests).values(t.requests.map((r) => ({ ...r, id: undefined, factCheckId: id, revisionId: to(r.revisionId) })));
    }
    if (t.versions.length) {
      await tx.insert(publishedVersions).values(
        t.versions.map((v) => ({ ...v, id: to(v.id), factCheckId: id, revisionId: to(v.revisionId), slug: `${v.slug}-${id.slice(0, 8)}`, search: null })),
      );
    }
    if (t.publishedCited.length) await tx.insert(publishedCitations).values(t.publishedCited.map((c) => ({ ...c, versionId: to(c.versionId) })));
  });
  return id;
}

type Call = { op: Op; tag: string; summary?: RichDoc };
type Outcome = { call: Call; ok: true; version?: number } | { call: Call; ok: false; error: unknown };

/** Runs one call as its API route would, with the version the client loaded before the round (`base`). */
async function run(call: Call, id: string, base: number): Promise<Outcome> {
  try {
    switch (call.op) {
      case "edit": {
        const saved = await updateFactCheck({ actor: writer.actor, id, input: { version: base, summary: call.summary } });
        return { call, ok: true, version: saved.version };
      }
      case "submit":
        await submitForReview({ actor: writer.actor, id, input: { reviewerIds: [reviewer.id] } });
        return { call, ok: true };
      case "approve":
        await reviewFactCheck({ actor: reviewer.actor, id, input: { decision: "approve" } });
        return { call, ok: true };
      case "request_changes":
        await reviewFactCheck({ actor: reviewer.actor, id, input: { decision: "request_changes", comment: `Source the figure (${call.tag})` } });
        return { call, ok: true };
      case "publish":
        await publishFactCheck({ actor: editor.actor, id });
        return { call, ok: true };
      case "start_refresh": {
        const draft = await startRefresh({ actor: editor.actor, id });
        return { call, ok: true, version: draft.version };
      }
    }
  } catch (error) {
    return { call, ok: false, error };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything stored about one check that the invariants read. */
async function stored(id: string) {
  const db = getDb();
  const [[check], revs, requests, versions, transitions] = await Promise.all([
    db.select().from(factChecks).where(eq(factChecks.id, id)),
    db.select().from(revisions).where(eq(revisions.factCheckId, id)).orderBy(asc(revisions.version)),
    db.select().from(reviewRequests).where(eq(reviewRequests.factCheckId, id)),
    db.select().from(publishedVersions).where(eq(publishedVersions.factCheckId, id)).orderBy(asc(publishedVersions.number)),
    db
      .select({ id: auditLog.id, action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.factCheckId, id), inArray(auditLog.action, TRANSITION_ACTIONS)))
      .orderBy(asc(auditLog.id)),
  ]);
  return { check: check!, revisions: revs, requests, versions, transitions };
}

/** The invariants; a failure names the round's calls and outcomes. */
async function checkInvariants(id: string, start: { state: State; version: number }, outcomes: Outcome[]) {
  const base = start.version;
  const s = await stored(id);
  const { check } = s;
  const described = outcomes
    .map((o) => `${o.call.op}(${o.call.tag}): ${o.ok ? "ok" : o.error instanceof DomainError ? `${o.error.status} ${o.error.message}` : String(o.error)}`)
    .join("; ");
  const fail = (what: string) => {
    throw new Error(`${what} [status ${check.status}, version ${check.version}; ${described}]`);
  };

  // Refusals are "not now" or "not you", never a crash, a deadlock or a serialization failure.
  // (A reviewer's call on a draft never sent to them is "not found", as any check they may not see.)
  const refusal = (o: Extract<Outcome, { ok: false }>) =>
    o.error instanceof DomainError &&
    (o.error.status === 403 ||
      o.error.status === 409 ||
      (o.error.status === 404 && start.state === "draft" && (o.call.op === "approve" || o.call.op === "request_changes")));
  for (const o of outcomes) {
    if (!o.ok && !refusal(o)) {
      fail(`unexpected error from ${o.call.op}: ${o.error instanceof Error ? o.error.stack : String(o.error)}`);
    }
  }

  // An acknowledged edit is what is stored (the other call of the round cannot legitimately replace it).
  for (const o of outcomes) {
    if (o.ok && o.call.op === "edit" && canonicalJson(check.summary) !== canonicalJson(o.call.summary)) {
      fail(`the acknowledged edit ${o.call.tag} is not in the stored content`);
    }
  }

  // Every content write took a new version, one after the other.
  const written = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok && o.version !== undefined).map((o) => o.version!);
  if (new Set(written).size !== written.length || written.some((v) => v <= base)) fail(`content writes share or reuse versions: ${written}`);
  if (check.version !== base + written.length) fail(`version ${check.version} after ${written.length} content writes from ${base}`);
  if (s.revisions.some((r, i) => r.version !== i + 1)) fail("revision numbers skip or repeat");
  if (s.versions.some((v, i) => v.number !== i + 1)) fail("published version numbers skip or repeat");

  // What was published is exactly a revision every reviewer approved.
  for (const v of s.versions) {
    const revision = s.revisions.find((r) => r.id === v.revisionId);
    const live = s.requests.filter((r) => r.revisionId === v.revisionId && r.state !== "withdrawn");
    if (!revision || contentHash(v.content) !== v.contentHash || v.contentHash !== revision.contentHash) {
      fail(`published version ${v.number} is not the content of its revision`);
    }
    if (live.length === 0 || live.some((r) => r.state !== "approved")) fail(`published version ${v.number} was not approved`);
  }

  // Status, review requests and content agree.
  const latest = s.revisions.at(-1);
  const current = contentHash(contentOf(check));
  const pending = s.requests.filter((r) => r.state === "pending");
  const latestLive = s.requests.filter((r) => r.revisionId === latest?.id && r.state !== "withdrawn");
  if (pending.length && (check.status !== "in_review" || pending.some((r) => r.revisionId !== latest?.id))) {
    fail("a review request is pending on a check that is not in review, or on an older revision");
  }
  if (check.status === "in_review" || check.status === "approved") {
    if (!latest || latest.contentHash !== current) fail(`${check.status} with content that differs from the submitted revision`);
    if (latestLive.length === 0) fail(`${check.status} with no live review request`);
  }
  if (check.status === "in_review" && (pending.length === 0 || latestLive.some((r) => r.state === "changes_requested"))) {
    fail("in review with no pending request, or with changes requested");
  }
  if (check.status === "approved" && latestLive.some((r) => r.state !== "approved")) fail("approved before every reviewer approved");
  if (check.status === "published") {
    const live = s.versions.find((v) => v.id === check.liveVersionId);
    if (!live) fail("published with no live version");
    if (live!.contentHash !== current) fail("published while holding content that differs from the live version");
    if (live!.revisionId !== latest?.id) fail("published from a revision that is not the latest");
  }

  // The round's audit trail is one unbroken path through the workflow from the starting state to
  // the stored status, and each acknowledged transition left exactly one entry.
  let at: string = start.state;
  for (const t of s.transitions) {
    const data = t.data as { from: string; to: string };
    if (data.from !== at) fail(`audit trail breaks: ${t.action} from ${data.from} after reaching ${at}`);
    at = data.to;
  }
  if (at !== check.status) fail(`audit trail ends at ${at}, the check is ${check.status}`);
  for (const op of OPS.filter((o) => o !== "edit")) {
    const acknowledged = outcomes.filter((o) => o.ok && o.call.op === op).length;
    const logged = s.transitions.filter((t) => t.action === `fact_check.${op}`).length;
    if (acknowledged !== logged) fail(`${acknowledged} acknowledged ${op} but ${logged} in the audit log`);
  }
}

const ROUNDS_PER_PAIR = 20;

const pairs: [Op, Op][] = OPS.flatMap((a, i) => OPS.slice(i).map((b): [Op, Op] => [a, b]));

describe("two state-changing calls at once on one check", () => {
  it.each(pairs)("%s racing %s keeps every invariant", async (a, b) => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...startStates(a, b)),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        async (state, delayA, delayB) => {
          round += 1;
          const template = templates.get(state)!;
          const id = await copyOf(template);
          const base = template.check.version;
          const calls: Call[] = [a, b].map((op, i) => {
            const tag = `${round}${"ab"[i]}`;
            return { op, tag, summary: op === "edit" ? paragraph(`Edited in round ${tag}.`, sourceId) : undefined };
          });
          const outcomes = await Promise.all([
            sleep(delayA).then(() => run(calls[0]!, id, base)),
            sleep(delayB).then(() => run(calls[1]!, id, base)),
          ]);
          await checkInvariants(id, { state, version: base }, outcomes);
        },
      ),
      // A race found is reported as it happened: shrinking would replay different timings.
      { numRuns: ROUNDS_PER_PAIR, endOnFailure: true },
    );
  });

  it("covers every pair of calls", () => {
    expect(pairs).toHaveLength((OPS.length * (OPS.length + 1)) / 2);
    expect(startStates("edit", "publish")).toEqual(["approved"]);
    expect(startStates("edit", "start_refresh")).toEqual(["published"]);
    expect(startStates("submit", "publish")).toEqual(["draft", "approved"]);
  });
});
