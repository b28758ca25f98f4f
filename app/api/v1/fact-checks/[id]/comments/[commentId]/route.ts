import { apiRoute, readJson } from "@/lib/server/api";
import { setCommentResolved } from "@/lib/server/comments";

/** `{ resolved: boolean }`: resolves or reopens a thread. */
export const PATCH = apiRoute<{ id: string; commentId: string }>(async ({ actor, params, request }) =>
  setCommentResolved({ actor, id: params.id, commentId: params.commentId, input: await readJson(request) }),
);
