import { apiRoute, readJson } from "@/lib/server/api";
import { publishFactCheck } from "@/lib/server/publishing";

/** `{ changeNote? }` (the body may be empty): publishes the approved revision as the next version. */
export const POST = apiRoute<{ id: string }>(
  async ({ actor, params, request }) => {
    const empty = request.headers.get("content-length") === "0" || !request.headers.get("content-type");
    return publishFactCheck({ actor, id: params.id, input: empty ? {} : await readJson(request) });
  },
  { status: 201 },
);
