import { apiRoute, readJson } from "@/lib/server/api";
import { addComment, listComments } from "@/lib/server/comments";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => ({
  data: await listComments({ actor, id: params.id }),
}));

/** `{ body, sectionId?, quote?, prefix?, suffix?, parentId? }` */
export const POST = apiRoute<{ id: string }>(
  async ({ actor, params, request }) => addComment({ actor, id: params.id, input: await readJson(request) }),
  { status: 201 },
);
