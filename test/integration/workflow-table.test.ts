/**
 * Walks every (state, action, party) of the review workflow against a real
 * database and asserts the outcome: the new status for allowed steps; for
 * refused ones the status code, a clear message, and that nothing changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { reviewRequests } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { DomainError } from "@/lib/server/errors";
import { getFactCheck } from "@/lib/server/fact-checks";
import { decide, TRANSITIONS, type FactCheckState } from "@/lib/server/workflow";
import { useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { approve, createReadyCheck, edit, requestChanges, setStatus, snapshot, submit } from "./review-fixtures";

const db = useTestDatabase();

type Action = "submit" | "approve" | "request_changes" | "edit";
type PartyKey = "author" | "reviewer" | "editor" | "other" | "stranger";
type Outcome = { to: FactCheckState } | { status: 403 | 404 | 409; message: RegExp };

let writer: TestUser, r1: TestUser, r2: TestUser, r3: TestUser, editor: TestUser, stranger: TestUser;

beforeAll(async () => {
  writer = await createWriter();
  r1 = await createReviewer();
  r2 = await createReviewer();
  r3 = await createReviewer();
  editor = await createEditor();
  stranger = await createWriter();
});

/**
 * A check in `state`, plus who plays each party. Every fixture first had a
 * round that was withdrawn by an edit, so its first reviewer is "other": can
 * see the check, no longer has a live request.
 */
async function fixture(state: FactCheckState): Promise<{ id: string; parties: Record<PartyKey, Actor> }> {
  const former = await createReviewer();
  const check = await createReadyCheck(writer.actor);
  await submit(writer.actor, check.id, [former]);
  await edit(writer.actor, check.id, { topic: "Housing" });
  let reviewer: TestUser = r1;
  if (state === "draft") {
    await submit(writer.actor, check.id, [r1, r2]);
    await requestChanges(r2.actor, check.id);
    reviewer = r2; // holds a decided request on the latest revision
  } else if (state === "in_review") {
    await submit(writer.actor, check.id, [r1, r2]);
  } else {
    await submit(writer.actor, check.id, [r1]);
    await approve(r1.actor, check.id);
    if (state === "published") await setStatus(check.id, "published");
  }
  return {
    id: check.id,
    parties: { author: writer.actor, reviewer: reviewer.actor, editor: editor.actor, other: former.actor, stranger: stranger.actor },
  };
}

async function run(action: Action, actor: Actor, id: string) {
  switch (action) {
    case "submit":
      return submit(actor, id, [r3]);
    case "approve":
      return approve(actor, id);
    case "request_changes":
      return requestChanges(actor, id);
    case "edit": {
      // An edit by someone who cannot see the check has no version to send: use the writer's view.
      const version = (await getFactCheck({ actor: writer.actor, id })).version;
      const { updateFactCheck } = await import("@/lib/server/fact-checks");
      return updateFactCheck({ actor, id, input: { version, topic: `Edited ${version}` } });
    }
  }
}

const notYours = (m: RegExp): Outcome => ({ status: 403, message: m });
const notNow = (m: RegExp): Outcome => ({ status: 409, message: m });
const hidden: Outcome = { status: 404, message: /not found/i };

const SUBMIT_OTHERS = notYours(/only the check's writer can submit/i);
const NOT_SENT = notYours(/not sent to you for review/i);
const OWN = notYours(/cannot review your own/i);
const CANNOT_EDIT = notYours(/only the check's writer or an editor can edit/i);
const PUBLISHED_EDIT = notYours(/published; start a refresh/i);

/** The expected outcome of every triple: the table as the tests read it. */
const EXPECTED: Record<FactCheckState, Record<Action, Record<PartyKey, Outcome>>> = {
  draft: {
    submit: { author: { to: "in_review" }, reviewer: SUBMIT_OTHERS, editor: SUBMIT_OTHERS, other: SUBMIT_OTHERS, stranger: hidden },
    approve: { author: OWN, reviewer: notNow(/not in review/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    request_changes: { author: OWN, reviewer: notNow(/not in review/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    edit: { author: { to: "draft" }, reviewer: CANNOT_EDIT, editor: { to: "draft" }, other: CANNOT_EDIT, stranger: hidden },
  },
  in_review: {
    submit: { author: notNow(/already in review/i), reviewer: SUBMIT_OTHERS, editor: SUBMIT_OTHERS, other: SUBMIT_OTHERS, stranger: hidden },
    // Two reviewers were asked: one approval keeps it in review.
    approve: { author: OWN, reviewer: { to: "in_review" }, editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    request_changes: { author: OWN, reviewer: { to: "draft" }, editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    edit: { author: { to: "draft" }, reviewer: CANNOT_EDIT, editor: { to: "draft" }, other: CANNOT_EDIT, stranger: hidden },
  },
  approved: {
    submit: { author: notNow(/already approved/i), reviewer: SUBMIT_OTHERS, editor: SUBMIT_OTHERS, other: SUBMIT_OTHERS, stranger: hidden },
    approve: { author: OWN, reviewer: notNow(/already approved/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    request_changes: { author: OWN, reviewer: notNow(/already approved/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    edit: { author: { to: "draft" }, reviewer: CANNOT_EDIT, editor: { to: "draft" }, other: CANNOT_EDIT, stranger: hidden },
  },
  published: {
    submit: { author: notNow(/published; start a refresh/i), reviewer: SUBMIT_OTHERS, editor: SUBMIT_OTHERS, other: SUBMIT_OTHERS, stranger: hidden },
    approve: { author: OWN, reviewer: notNow(/already published/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    request_changes: { author: OWN, reviewer: notNow(/already published/i), editor: NOT_SENT, other: NOT_SENT, stranger: hidden },
    edit: { author: PUBLISHED_EDIT, reviewer: PUBLISHED_EDIT, editor: PUBLISHED_EDIT, other: PUBLISHED_EDIT, stranger: hidden },
  },
};

describe("the transition table, every (state, action, party)", () => {
  for (const [state, actions] of Object.entries(EXPECTED) as [FactCheckState, Record<Action, Record<PartyKey, Outcome>>][]) {
    for (const [action, parties] of Object.entries(actions) as [Action, Record<PartyKey, Outcome>][]) {
      for (const [party, outcome] of Object.entries(parties) as [PartyKey, Outcome][]) {
        const label = "to" in outcome ? `→ ${outcome.to}` : `refused ${outcome.status}`;
        it(`${state} × ${action} × ${party}: ${label}`, async () => {
          const { id, parties: who } = await fixture(state);
          const actor = who[party];
          if ("to" in outcome) {
            await run(action, actor, id);
            expect((await getFactCheck({ actor: writer.actor, id })).status).toBe(outcome.to);
          } else {
            const before = await snapshot(id);
            const error = await run(action, actor, id).then(
              () => null,
              (e: unknown) => e,
            );
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).status).toBe(outcome.status);
            expect((error as DomainError).message).toMatch(outcome.message);
            expect(await snapshot(id)).toBe(before);
          }
        });
      }
    }
  }
});

describe("what allowed steps write", () => {
  it("approving as the second of two reviewers makes the check approved, naming the revision", async () => {
    const { id } = await fixture("in_review");
    await approve(r1.actor, id);
    await approve(r2.actor, id);
    expect((await getFactCheck({ actor: writer.actor, id })).status).toBe("approved");
    const requests = await db()
      .select()
      .from(reviewRequests)
      .where(and(eq(reviewRequests.factCheckId, id), eq(reviewRequests.state, "approved")));
    expect(requests.map((r) => r.reviewerId).sort()).toEqual([r1.id, r2.id].sort());
    expect(new Set(requests.map((r) => r.revisionId)).size).toBe(1);
  });

  it("editing an approved check withdraws the approvals", async () => {
    const { id } = await fixture("approved");
    await edit(writer.actor, id, { topic: "Changed after approval" });
    const rows = await db().select().from(reviewRequests).where(eq(reviewRequests.factCheckId, id));
    expect(rows.filter((r) => r.state === "approved")).toEqual([]);
    expect(rows.filter((r) => r.reviewerId === r1.id).map((r) => r.state)).toEqual(["withdrawn"]);
  });
});

describe("decide() agrees with the table", () => {
  it("allows exactly the rows of TRANSITIONS", () => {
    for (const t of TRANSITIONS) {
      for (const party of t.by) expect(decide(t.from, t.action, party, "admin").ok).toBe(true);
    }
    expect(decide("draft", "approve", "reviewer", "reviewer")).toMatchObject({ ok: false, status: 409 });
    expect(decide("in_review", "approve", "author", "admin")).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a requested reviewer who no longer has the reviewer role", () => {
    expect(decide("in_review", "approve", "reviewer", "writer")).toMatchObject({ ok: false, status: 403 });
  });
});
