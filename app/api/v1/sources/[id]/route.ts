import { apiRoute, readJson } from "@/lib/server/api";
import { deleteSource, getSource, updateSource } from "@/lib/server/sources";

/** The source with its history and the checks citing it. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getSource({ actor, id: params.id }));

/** Changes fields and/or `status` (+ `statusNote`); every change goes to the source's history. */
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, request }) =>
  updateSource({ actor, id: params.id, input: await readJson(request) }),
);

/** Deletes a source nothing cites (409 with the citing checks otherwise). */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => deleteSource({ actor, id: params.id }));
