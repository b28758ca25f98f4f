import { apiRoute, readJson } from "@/lib/server/api";
import { assignRelatedQuestion, listRelatedAssignments } from "@/lib/server/assignments";

/** The assignments made from this check's related questions, by question id. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => ({
  data: await listRelatedAssignments({ actor, id: params.id }),
}));

/** `{ questionId, assigneeId }`: a new draft answering that related question, on the assignee's desk (editors). */
export const POST = apiRoute<{ id: string }>(
  async ({ actor, params, request }) => assignRelatedQuestion({ actor, id: params.id, input: await readJson(request) }),
  { status: 201 },
);
