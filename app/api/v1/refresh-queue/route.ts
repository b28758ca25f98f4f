import { apiRoute } from "@/lib/server/api";
import { listRefreshQueue } from "@/lib/server/refresh";

/**
 * Stale, reported and soon-due published checks with their reasons;
 * `?topic=&assigneeId=&reason=` filter, `?limit=&offset=` page (100 by default, 500 at most).
 */
export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  return listRefreshQueue({
    actor,
    filters: {
      topic: params.get("topic"),
      assigneeId: params.get("assigneeId"),
      reason: params.get("reason") || null,
      limit: params.get("limit") ?? undefined,
      offset: params.get("offset") ?? undefined,
    },
  });
});
