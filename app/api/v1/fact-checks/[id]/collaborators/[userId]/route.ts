import { apiRoute } from "@/lib/server/api";
import { removeCollaborator } from "@/lib/server/collaborators";

/** 204: the co-writer is removed and loses the check at once. */
export const DELETE = apiRoute<{ id: string; userId: string }>(
  async ({ actor, params }) => removeCollaborator({ actor, factCheckId: params.id, userId: params.userId }),
  { status: 204 },
);
