/**
 * The review workflow beyond the transition table: reviewer choice, the gate,
 * exact revisions, notifications and audit in the same transaction, the
 * append-only log, visibility, the reviewer's desk, comments and anchors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog, comments, notifications, reviewRequests, revisions } from "@/db/schema";
import { anchorText } from "@/lib/anchors";
import { addComment, listComments, setCommentResolved } from "@/lib/server/comments";
import { contentHash, contentOf } from "@/lib/server/content";
import { getFactCheck, listDesk } from "@/lib/server/fact-checks";
import { listActivity } from "@/lib/server/activity";
import { getReviewPage, getReviewStatus, reviewerOptionsFor, reviewFactCheck } from "@/lib/server/reviews";
import { getApprovedRevision } from "@/lib/server/workflow";
import { domainErrorOf } from "../assertions";
import { queryRows, useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { approve, createReadyCheck, createSource, edit, paragraph, requestChanges, snapshot, submit } from "./review-fixtures";

const db = useTestDatabase();

let writer: TestUser, reviewer: TestUser, reviewer2: TestUser, editor: TestUser, otherWriter: TestUser;

beforeAll(async () => {
  writer = await createWriter();
  reviewer = await createReviewer();
  reviewer2 = await createReviewer();
  editor = await createEditor();
  otherWriter = await createWriter();
});

describe("submitting", () => {
  it("freezes the content as a revision and asks each reviewer, with a notification each", async () => {
    const check = await createReadyCheck(writer.actor);
    const result = await submit(writer.actor, check.id, [reviewer, reviewer2], "Please look at section 1");
    expect(result.status).toBe("in_review");
    const [revision] = await db().select().from(revisions).where(eq(revisions.factCheckId, check.id));
    const row = await getFactCheck({ actor: writer.actor, id: check.id });
    expect(revision!.version).toBe(1);
    expect(revision!.content.question).toBe(row.question);
    const requests = await db().select().from(reviewRequests).where(eq(reviewRequests.factCheckId, check.id));
    expect(requests.map((r) => [r.reviewerId, r.revisionId, r.state, r.note]).sort()).toEqual(
      [
        [reviewer.id, revision!.id, "pending", "Please look at section 1"],
        [reviewer2.id, revision!.id, "pending", "Please look at section 1"],
      ].sort(),
    );
    const inbox = await db().select().from(notifications).where(eq(notifications.factCheckId, check.id));
    expect(inbox.map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [reviewer.id, "review_requested"],
        [reviewer2.id, "review_requested"],
      ].sort(),
    );
  });

  it("refuses the writer as their own reviewer, non-reviewers and unknown ids, changing nothing", async () => {
    const check = await createReadyCheck(writer.actor);
    const before = await snapshot(check.id);
    for (const ids of [[writer.id], [otherWriter.id], ["no-such-user"], []]) {
      const error = await domainErrorOf(() => submit(writer.actor, check.id, ids.map((id) => ({ id }))));
      expect(error.status).toBe(400);
      expect(error.fields?.reviewerIds).toBeTruthy();
    }
    expect(await snapshot(check.id)).toBe(before);
  });

  it("lets a reviewer see a check sent to them, read-only; other writers still get 404", async () => {
    const check = await createReadyCheck(writer.actor);
    expect((await domainErrorOf(() => getFactCheck({ actor: reviewer.actor, id: check.id }))).status).toBe(404);
    await submit(writer.actor, check.id, [reviewer]);
    expect((await getFactCheck({ actor: reviewer.actor, id: check.id })).id).toBe(check.id);
    expect((await domainErrorOf(() => getFactCheck({ actor: otherWriter.actor, id: check.id }))).status).toBe(404);
    const error = await domainErrorOf(() => edit(reviewer.actor, check.id, { topic: "Reviewer edit" }));
    expect(error.status).toBe(403);
  });

  it("lists drafts waiting for a reviewer on their desk, oldest request first", async () => {
    const who = await createReviewer();
    const first = await createReadyCheck(writer.actor);
    const second = await createReadyCheck(writer.actor);
    await submit(writer.actor, second.id, [who]);
    await submit(writer.actor, first.id, [who]);
    await new Promise((r) => setTimeout(r, 5));
    const { waiting } = await listDesk({ actor: who.actor });
    expect(waiting.filter((w) => w.role === "review").map((w) => w.id)).toEqual([second.id, first.id]);
    await approve(who.actor, second.id);
    expect((await listDesk({ actor: who.actor })).waiting.map((w) => w.id)).toEqual([first.id]);
  });

  it("offers the reviewers of the last revision again when the writer resubmits", async () => {
    const check = await createReadyCheck(writer.actor);
    const chosen = (options: Awaited<ReturnType<typeof reviewerOptionsFor>>) => options.filter((o) => o.previous).map((o) => o.id);
    const offered = await reviewerOptionsFor({ actor: writer.actor, id: check.id });
    expect(offered.map((o) => o.id)).toEqual(expect.arrayContaining([reviewer.id, reviewer2.id]));
    expect(offered.map((o) => o.id)).not.toContain(writer.id);
    expect(chosen(offered)).toEqual([]);
    await submit(writer.actor, check.id, [reviewer2]);
    await requestChanges(reviewer2.actor, check.id);
    const again = await reviewerOptionsFor({ actor: writer.actor, id: check.id });
    expect(chosen(again)).toEqual([reviewer2.id]);
    expect(again.map((o) => o.id)).toContain(reviewer.id);
  });

  it("gives the Submit dialog its reviewers only while the one asking may submit the check", async () => {
    const check = await createReadyCheck(writer.actor);
    // Not its writer: an editor sees the check but may not submit it; another writer does not see it.
    const byEditor = await domainErrorOf(() => reviewerOptionsFor({ actor: editor.actor, id: check.id }));
    const byOther = await domainErrorOf(() => reviewerOptionsFor({ actor: otherWriter.actor, id: check.id }));
    expect([byEditor.status, byOther.status]).toEqual([403, 404]);
    // In review: there is nothing to submit.
    await submit(writer.actor, check.id, [reviewer]);
    const inReview = await domainErrorOf(() => reviewerOptionsFor({ actor: writer.actor, id: check.id }));
    expect(inReview.status).toBe(409);
  });
});

describe("decisions", () => {
  it("requires a comment to request changes, and keeps that comment with the decision", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    const error = await domainErrorOf(() => reviewFactCheck({ actor: reviewer.actor, id: check.id, input: { decision: "request_changes" } }));
    expect(error.status).toBe(400);
    expect(error.fields?.comment).toBe("Say what needs to change");
    await requestChanges(reviewer.actor, check.id, "The 2019 figure needs a source.");
    const [comment] = await db().select().from(comments).where(eq(comments.factCheckId, check.id));
    expect(comment!.body).toBe("The 2019 figure needs a source.");
    expect(comment!.reviewRequestId).not.toBeNull();
    const inbox = await db().select().from(notifications).where(and(eq(notifications.factCheckId, check.id), eq(notifications.userId, writer.id)));
    expect(inbox.map((n) => n.kind)).toEqual(["changes_requested"]);
    // The round's status (GET …/reviews) gives the note with the decision.
    const status = await getReviewStatus({ actor: writer.actor, id: check.id });
    expect(status.requests.map((r) => [r.reviewerId, r.state, r.note])).toEqual([[reviewer.id, "changes_requested", "The 2019 figure needs a source."]]);
  });

  it("refuses to approve twice", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer, reviewer2]);
    await approve(reviewer.actor, check.id);
    const before = await snapshot(check.id);
    const error = await domainErrorOf(() => approve(reviewer.actor, check.id));
    expect([error.status, error.message]).toEqual([409, "You already approved revision 1"]);
    expect(await snapshot(check.id)).toBe(before);
  });

  it("approvals name the revision; publishing can prove the approved content is the current content", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    await expect(getApprovedRevision(db(), check.id)).rejects.toMatchObject({ status: 409 });
    await approve(reviewer.actor, check.id);
    const revision = await getApprovedRevision(db(), check.id);
    const [request] = await db().select().from(reviewRequests).where(eq(reviewRequests.factCheckId, check.id));
    expect(request!.revisionId).toBe(revision.id);
    const row = (await queryRows<Record<string, unknown>>(db(), sql`select * from fact_checks where id = ${check.id}`))[0];
    expect(row).toBeTruthy();
    const current = await getFactCheck({ actor: writer.actor, id: check.id });
    expect(revision.contentHash).toBe(
      contentHash(contentOf({ ...current, summary: current.summary, checkedOn: null } as never)),
    );
  });

  it("a re-review diffs against what this reviewer last reviewed", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    let page = await getReviewPage({ actor: reviewer.actor, id: check.id });
    expect(page.lastReviewed).toBeNull();
    expect(page.canDecide).toBe(true);
    await requestChanges(reviewer.actor, check.id);
    const current = await getFactCheck({ actor: writer.actor, id: check.id });
    await edit(writer.actor, check.id, {
      sections: [current.sections[0], { ...current.sections[1], body: paragraph("Most were apartments.", (current.sections[1]!.body.content[0] as never as { content: { attrs?: { sourceId: string } }[] }).content[1]!.attrs!.sourceId) }],
    });
    await submit(writer.actor, check.id, [reviewer]);
    page = await getReviewPage({ actor: reviewer.actor, id: check.id });
    expect(page.lastReviewed?.version).toBe(1);
    expect(page.revision?.version).toBe(2);
  });
});

describe("the pre-approval gate", () => {
  it("lists every blocker and refuses approval while any holds, with nothing written", async () => {
    const dead = await createSource("dead", "Old city page");
    const retracted = await createSource("retracted", "Withdrawn study");
    const live = await createSource();
    const check = await createReadyCheck(writer.actor, live.id);
    await edit(writer.actor, check.id, {
      summary: { type: "doc", content: [{ type: "paragraph" }] },
      sections: [
        { heading: "", body: paragraph("No heading here.", dead.id) },
        { heading: "Uncited", body: paragraph("Nothing cited.") },
        { heading: "Retracted", body: paragraph("Cites a withdrawn study.", retracted.id) },
      ],
    });
    await submit(writer.actor, check.id, [reviewer]);
    await addComment({ actor: reviewer.actor, id: check.id, input: { body: "Is this right?" } });
    const before = await snapshot(check.id);
    const error = await domainErrorOf(() => approve(reviewer.actor, check.id));
    expect(error.status).toBe(409);
    const codes = ((error.details?.blockers ?? []) as { code: string }[]).map((b) => b.code).sort();
    expect(codes).toEqual(["dead_source", "empty_summary", "retracted_source", "unresolved_comments", "uncited_section", "untitled_section"].sort());
    expect(error.message).toMatch(/^Approval is blocked: 1 comment is unresolved; The executive summary is empty/);
    expect(await snapshot(check.id)).toBe(before);
    const listed = (await getReviewPage({ actor: writer.actor, id: check.id })).blockers;
    expect(listed.filter((b) => !b.advisory)).toHaveLength(6);
    // What ClaimReview lacks is listed too, and does not block: the approval was refused for the six above only.
    expect(listed.filter((b) => b.advisory).map((b) => b.message)).toEqual([
      "No claim reviewed is given: search engines get no ClaimReview for this check",
      "No verdict is chosen: ClaimReview needs one",
    ]);
  });

  it("lets approval through once comments are resolved", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    const comment = await addComment({ actor: reviewer.actor, id: check.id, input: { body: "Check the date." } });
    expect((await domainErrorOf(() => approve(reviewer.actor, check.id))).status).toBe(409);
    await setCommentResolved({ actor: writer.actor, id: check.id, commentId: comment.id, input: { resolved: true } });
    expect((await approve(reviewer.actor, check.id)).status).toBe("approved");
  });
});

describe("audit log and timeline", () => {
  it("records every step, and the database refuses to update or delete entries", async () => {
    const check = await createReadyCheck(writer.actor);
    await edit(writer.actor, check.id, { topic: "Housing" });
    await submit(writer.actor, check.id, [reviewer], "Ready");
    await addComment({ actor: reviewer.actor, id: check.id, input: { body: "Source for 2019?" } });
    await requestChanges(reviewer.actor, check.id);
    const activity = await listActivity({ actor: writer.actor, id: check.id });
    expect(activity.map((a) => a.action)).toEqual([
      "fact_check.edited",
      "fact_check.submit",
      "comment.created",
      "fact_check.request_changes",
    ]);
    expect(activity[1]!.text).toBe("submitted revision 1 for review to 1 reviewer — “Ready”");
    expect(activity[3]!.actorName).toBe(reviewer.name);

    const refusal = (query: Promise<unknown>) =>
      query.then(
        () => "allowed",
        (e: { message: string; cause?: { message: string } }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(db().execute(sql`update audit_log set action = 'x' where fact_check_id = ${check.id}`))).toBe(
      "audit_log is append-only: UPDATE is not allowed",
    );
    expect(await refusal(db().execute(sql`delete from audit_log where fact_check_id = ${check.id}`))).toBe(
      "audit_log is append-only: DELETE is not allowed",
    );
    const rows = await db().select().from(auditLog).where(eq(auditLog.factCheckId, check.id));
    expect(rows.length).toBe(4);
  });

  it("writes no audit entry or notification when a transition fails", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    await addComment({ actor: reviewer.actor, id: check.id, input: { body: "Blocking" } });
    const count = async () =>
      (await queryRows<{ a: number; n: number }>(db(), sql`select (select count(*)::int from audit_log) as a, (select count(*)::int from notifications) as n`))[0];
    const before = await count();
    await domainErrorOf(() => approve(reviewer.actor, check.id));
    expect(await count()).toEqual(before);
  });

  it("starts one edit session per half hour of editing", async () => {
    const check = await createReadyCheck(writer.actor);
    for (const topic of ["a", "b", "c"]) await edit(writer.actor, check.id, { topic });
    const edits = (await listActivity({ actor: writer.actor, id: check.id })).filter((a) => a.action === "fact_check.edited");
    expect(edits.length).toBe(1);
  });
});

describe("comments", () => {
  async function commentedCheck(quote = "the figure was a record") {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    const sectionId = check.sections[0]!.id;
    const comment = await addComment({
      actor: reviewer.actor,
      id: check.id,
      input: { body: "Which record?", sectionId, quote, prefix: "The mayor said ", suffix: ", but the 2019" },
    });
    return { check, sectionId, comment };
  }

  async function rewriteSection(checkId: string, sectionId: string, text: string) {
    const current = await getFactCheck({ actor: writer.actor, id: checkId });
    const section = current.sections.find((s) => s.id === sectionId)!;
    const citation = (section.body.content[0] as { content: { type: string }[] }).content.find((n) => n.type === "citation");
    const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }, ...(citation ? [citation] : [])] }] };
    await edit(writer.actor, checkId, { sections: current.sections.map((s) => (s.id === sectionId ? { ...s, body } : s)) });
  }

  async function passageOf(checkId: string, commentId: string) {
    const [c] = (await listComments({ actor: writer.actor, id: checkId })).filter((t) => t.id === commentId);
    return c!;
  }

  it("anchors a quoted passage and refuses a quote that is not in the section", async () => {
    const { check, sectionId, comment } = await commentedCheck();
    expect(comment.anchor?.text).toBe("the figure was a record");
    expect(comment.placeLabel).toBe("Section 1 · What the count says");
    const error = await domainErrorOf(() =>
      addComment({ actor: reviewer.actor, id: check.id, input: { body: "x", sectionId, quote: "not in the text" } }),
    );
    expect([error.status, error.fields?.quote]).toEqual([400, "Passage not found in the section"]);
  });

  it("stays on its passage through edits before, inside and after it", async () => {
    const { check, sectionId, comment } = await commentedCheck();
    await rewriteSection(check.id, sectionId, "Officially, the city counted 412 new homes in 2024. The mayor said the figure was a record, but the 2019 count was higher.");
    let c = await passageOf(check.id, comment.id);
    expect([c.detached, c.anchor?.text]).toEqual([false, "the figure was a record"]);

    await rewriteSection(check.id, sectionId, "Officially, the city counted 412 new homes in 2024. The mayor said the figure was a record, yet records show 2019 was higher.");
    c = await passageOf(check.id, comment.id);
    expect([c.detached, c.anchor?.text]).toEqual([false, "the figure was a record"]);

    await rewriteSection(check.id, sectionId, "Officially, the city counted 412 new homes in 2024. The mayor said the figure was an all-time record, yet records show 2019 was higher.");
    c = await passageOf(check.id, comment.id);
    expect([c.detached, c.anchor?.text, c.quote]).toEqual([false, "the figure was an all-time record", "the figure was a record"]);
    const text = anchorText((await getFactCheck({ actor: writer.actor, id: check.id })).sections[0]!.body);
    expect(text.slice(c.anchor!.offset, c.anchor!.offset + c.anchor!.text.length)).toBe(c.anchor!.text);
  });

  it("is kept and marked detached when the passage is deleted, and re-attaches if it comes back", async () => {
    const { check, sectionId, comment } = await commentedCheck();
    await rewriteSection(check.id, sectionId, "The city counted 412 new homes in 2024.");
    let c = await passageOf(check.id, comment.id);
    expect([c.detached, c.anchor, c.quote, c.body]).toEqual([true, null, "the figure was a record", "Which record?"]);
    await rewriteSection(check.id, sectionId, "The city counted 412 new homes in 2024. The mayor said the figure was a record, but the 2019 count was higher.");
    c = await passageOf(check.id, comment.id);
    expect([c.detached, c.anchor?.text]).toEqual([false, "the figure was a record"]);
  });

  it("is kept and detached when its whole section is removed", async () => {
    const { check, comment } = await commentedCheck();
    const current = await getFactCheck({ actor: writer.actor, id: check.id });
    await edit(writer.actor, check.id, { sections: current.sections.slice(1) });
    const c = await passageOf(check.id, comment.id);
    expect([c.detached, c.placeLabel]).toEqual([true, "A removed section"]);
  });

  it("threads replies, resolves and reopens, and notifies the thread", async () => {
    const { check, comment } = await commentedCheck();
    const reply = await addComment({ actor: writer.actor, id: check.id, input: { body: "The 2024 one.", parentId: comment.id } });
    expect(reply.parentId).toBe(comment.id);
    const error = await domainErrorOf(() => addComment({ actor: reviewer.actor, id: check.id, input: { body: "x", parentId: reply.id } }));
    expect(error.status).toBe(400);
    const replyResolve = await domainErrorOf(() =>
      setCommentResolved({ actor: writer.actor, id: check.id, commentId: reply.id, input: { resolved: true } }),
    );
    expect(replyResolve.status).toBe(409);

    const resolved = await setCommentResolved({ actor: writer.actor, id: check.id, commentId: comment.id, input: { resolved: true } });
    expect([resolved.resolved, resolved.resolvedByName]).toEqual([true, writer.name]);
    const reopened = await setCommentResolved({ actor: reviewer.actor, id: check.id, commentId: comment.id, input: { resolved: false } });
    expect(reopened.resolved).toBe(false);
    const threads = await listComments({ actor: reviewer.actor, id: check.id });
    expect(threads.find((t) => t.id === comment.id)?.replies.map((r) => r.body)).toEqual(["The 2024 one."]);
    const toReviewer = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, reviewer.id), eq(notifications.kind, "comment")));
    expect(toReviewer.map((n) => n.message)).toEqual([expect.stringContaining("replied")]);
  });

  it("lets a reviewer's comment be resolved by its author or a writer of the check, never by another reviewer", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer, reviewer2]);
    const mine = await addComment({ actor: reviewer.actor, id: check.id, input: { body: "Is 412 the final count?" } });
    expect(mine.canResolve).toBe(true);
    const seenBy = async (who: TestUser) => (await listComments({ actor: who.actor, id: check.id })).find((c) => c.id === mine.id)!.canResolve;
    expect([await seenBy(reviewer), await seenBy(writer), await seenBy(editor), await seenBy(reviewer2)]).toEqual([true, true, true, false]);

    const refused = await domainErrorOf(() => setCommentResolved({ actor: reviewer2.actor, id: check.id, commentId: mine.id, input: { resolved: true } }));
    expect([refused.status, refused.message]).toEqual([403, "Only the person who wrote this comment, or a writer of the check, can resolve or reopen it"]);
    const [row] = await db().select().from(comments).where(eq(comments.id, mine.id));
    expect(row!.resolvedAt).toBeNull();

    // Its author resolves it, and approval is no longer blocked by it.
    const resolved = await setCommentResolved({ actor: reviewer.actor, id: check.id, commentId: mine.id, input: { resolved: true } });
    expect([resolved.resolved, resolved.resolvedByName]).toEqual([true, reviewer.name]);
    expect((await getReviewPage({ actor: reviewer.actor, id: check.id })).blockers.filter((b) => !b.advisory)).toEqual([]);
    // The writer may reopen it; another reviewer may not.
    expect((await domainErrorOf(() => setCommentResolved({ actor: reviewer2.actor, id: check.id, commentId: mine.id, input: { resolved: false } }))).status).toBe(403);
    expect((await setCommentResolved({ actor: writer.actor, id: check.id, commentId: mine.id, input: { resolved: false } })).resolved).toBe(false);
  });

  it("keeps a decision note with the decision: not a thread, not resolvable, and never blocking the next approval", async () => {
    const check = await createReadyCheck(writer.actor);
    await submit(writer.actor, check.id, [reviewer]);
    await requestChanges(reviewer.actor, check.id, "Name the source of the 2019 count.");
    const [note] = await db().select().from(comments).where(eq(comments.factCheckId, check.id));
    expect([note!.kind, note!.body]).toEqual(["decision", "Name the source of the 2019 count."]);

    // The writer reads it with the round, not among the comment threads.
    const page = await getReviewPage({ actor: writer.actor, id: check.id });
    expect(page.requests.map((r) => [r.reviewerId, r.state, r.decisionNote])).toEqual([[reviewer.id, "changes_requested", "Name the source of the 2019 count."]]);
    expect(await listComments({ actor: writer.actor, id: check.id })).toEqual([]);
    expect(page.blockers.filter((b) => !b.advisory)).toEqual([]);
    const resolve = await domainErrorOf(() => setCommentResolved({ actor: writer.actor, id: check.id, commentId: note!.id, input: { resolved: true } }));
    expect([resolve.status, resolve.message]).toEqual([409, "A decision note is not a thread: there is nothing to resolve"]);
    const reply = await domainErrorOf(() => addComment({ actor: writer.actor, id: check.id, input: { body: "Done.", parentId: note!.id } }));
    expect(reply.status).toBe(409);

    // Resubmitted, the same reviewer approves: the note does not block.
    await edit(writer.actor, check.id, { summary: paragraph("Yes. The housing office counted 412 homes; the 2019 count came from the same office.", (await createSource()).id) });
    await submit(writer.actor, check.id, [reviewer]);
    const result = await approve(reviewer.actor, check.id);
    expect(result.status).toBe("approved");
  });

  it("hides comments from people who cannot see the check", async () => {
    const { check } = await commentedCheck();
    expect((await domainErrorOf(() => listComments({ actor: otherWriter.actor, id: check.id }))).status).toBe(404);
    expect((await domainErrorOf(() => addComment({ actor: otherWriter.actor, id: check.id, input: { body: "hi" } }))).status).toBe(404);
    expect((await listComments({ actor: editor.actor, id: check.id })).length).toBe(1);
  });
});
