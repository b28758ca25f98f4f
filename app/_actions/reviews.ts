"use server";
/**
 * Server actions for the review workflow (review page and the writer's panel):
 * submitting, deciding, and the comments.
 * Thin: the signed-in actor, one domain call, errors as per-field messages.
 */
import { revalidatePath } from "next/cache";
import { addComment, setCommentResolved } from "@/lib/server/comments";
import { runFormAction } from "@/lib/server/form";
import { reviewFactCheck, submitForReview } from "@/lib/server/reviews";

export type ActionResult = { ok: true } | { ok: false; message: string; fields?: Record<string, string> };

async function run(id: string, call: Parameters<typeof runFormAction>[1]): Promise<ActionResult> {
  const result = await runFormAction({}, call);
  if (!result.ok) return { ok: false, message: result.state.message ?? "Something went wrong", fields: result.state.fields };
  revalidatePath(`/desk/fact-checks/${id}`, "layout");
  return { ok: true };
}

export async function submitForReviewAction(id: string, input: { reviewerIds: string[]; note: string }): Promise<ActionResult> {
  return run(id, (actor) => submitForReview({ actor, id, input }));
}

export async function decideAction(
  id: string,
  input: { decision: "approve" | "request_changes"; comment: string },
): Promise<ActionResult> {
  return run(id, (actor) => reviewFactCheck({ actor, id, input }));
}

export async function addCommentAction(
  id: string,
  input: { body: string; sectionId?: string | null; quote?: string | null; prefix?: string; suffix?: string; parentId?: string | null },
): Promise<ActionResult> {
  return run(id, (actor) => addComment({ actor, id, input }));
}

export async function setResolvedAction(id: string, commentId: string, resolved: boolean): Promise<ActionResult> {
  return run(id, (actor) => setCommentResolved({ actor, id, commentId, input: { resolved } }));
}
