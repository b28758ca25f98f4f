import { apiRoute, readJson } from "@/lib/server/api";
import { getReviewStatus, reviewFactCheck } from "@/lib/server/reviews";

/** The latest review round and what blocks approval. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getReviewStatus({ actor, id: params.id }));

/** `{ decision: "approve" | "request_changes", comment? }` on the revision sent to the caller. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  reviewFactCheck({ actor, id: params.id, input: await readJson(request) }),
);
