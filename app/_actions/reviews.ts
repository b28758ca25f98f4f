"use server";
/**
 * Server actions for the review workflow (review page and the writer's panel):
 * submitting, deciding, and the comments.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addComment, setCommentResolved } from "@/lib/server/comments";
import { inputAction } from "@/lib/server/form";
import { reviewerOptionsFor, reviewFactCheck, submitForReview, withdrawFromReview } from "@/lib/server/reviews";

// The review page and the editor beside it show the outcome.
const refreshCheck = (id: string) => revalidatePath(`/desk/fact-checks/${id}`, "layout");

export const submitForReviewAction = inputAction(
  z.object({ id: z.string(), reviewerIds: z.array(z.string()), note: z.string() }),
  async ({ id, ...input }, actor) => {
    await submitForReview({ actor, id, input });
    refreshCheck(id);
  },
);

/** The reviewers the Submit dialog offers, asked for as it opens; only to someone who may submit the check now. */
export const reviewerOptionsAction = inputAction(z.object({ id: z.string() }), ({ id }, actor) => reviewerOptionsFor({ actor, id }));

/** Takes a check in review (or approved) back to draft, so that its writers can edit it live again. */
export const withdrawFromReviewAction = inputAction(z.object({ id: z.string() }), async ({ id }, actor) => {
  await withdrawFromReview({ actor, id });
  refreshCheck(id);
});

export const decideAction = inputAction(
  z.object({ id: z.string(), decision: z.enum(["approve", "request_changes"]), comment: z.string() }),
  async ({ id, ...input }, actor) => {
    await reviewFactCheck({ actor, id, input });
    refreshCheck(id);
  },
);

export const addCommentAction = inputAction(
  z.object({
    id: z.string(),
    body: z.string(),
    sectionId: z.string().nullish(),
    quote: z.string().nullish(),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    parentId: z.string().nullish(),
  }),
  async ({ id, ...input }, actor) => {
    await addComment({ actor, id, input });
    refreshCheck(id);
  },
);

export const setResolvedAction = inputAction(
  z.object({ id: z.string(), commentId: z.string(), resolved: z.boolean() }),
  async ({ id, commentId, resolved }, actor) => {
    await setCommentResolved({ actor, id, commentId, input: { resolved } });
    refreshCheck(id);
  },
);
