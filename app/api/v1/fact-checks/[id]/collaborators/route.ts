import { apiRoute, readJson } from "@/lib/server/api";
import { addCollaborator, listCollaborators } from "@/lib/server/collaborators";

/** `{ owner, assignee, data: [co-writer…] }` */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => {
  const { owner, assignee, collaborators } = await listCollaborators({ actor, factCheckId: params.id });
  return { owner, assignee, data: collaborators };
});

/** `{ userId }`: 201 with the co-writers after the change, `{ data: [co-writer…] }`. */
export const POST = apiRoute<{ id: string }>(
  async ({ actor, params, request }) => ({
    data: await addCollaborator({ actor, factCheckId: params.id, input: await readJson(request) }),
  }),
  { status: 201 },
);
