import { apiRoute, readJson } from "@/lib/server/api";
import { publishFactCheck } from "@/lib/server/publishing";

/** `{ changeNote? }` (or no body at all): publishes the approved revision as the next version. */
export const POST = apiRoute<{ id: string }>(
  async ({ actor, params, request }) => publishFactCheck({ actor, id: params.id, input: await readJson(request, { optional: true }) }),
  { status: 201 },
);
