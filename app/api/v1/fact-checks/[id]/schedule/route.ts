import { DomainError } from "@/lib/server/errors";
import { apiRoute, readJson } from "@/lib/server/api";
import { scheduleRefresh } from "@/lib/server/refresh";

/** `{ nextRefreshAt: "YYYY-MM-DD" | null, assigneeId }`: schedules (or, with null, clears) a refresh. */
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, request }) => {
  const body = await readJson(request);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new DomainError("invalid", "Send a JSON object");
  if ("ids" in body) throw new DomainError("invalid", "Check the highlighted fields", { fields: { ids: "Unknown field: ids" } });
  return scheduleRefresh({ actor, input: { ...body, ids: [params.id] } });
});
