import { apiRoute, readJson } from "@/lib/server/api";
import { submitForReview } from "@/lib/server/reviews";

/** `{ reviewerIds, note? }`: freezes the draft as a revision and sends it to the reviewers. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  submitForReview({ actor, id: params.id, input: await readJson(request) }),
);
