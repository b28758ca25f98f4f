import { apiRoute, readJson } from "@/lib/server/api";
import { getFactCheck, updateFactCheck } from "@/lib/server/fact-checks";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getFactCheck({ actor, id: params.id }));

export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  updateFactCheck({ actor, id: params.id, input: await readJson(request) }),
);
