import { apiRoute, readJson } from "@/lib/server/api";
import { searchSources } from "@/lib/server/source-search";
import { createSource, getSourcesByIds } from "@/lib/server/sources";

/**
 * GET /api/v1/sources?q=&status=&sort=&limit=&offset= searches the library;
 * GET /api/v1/sources?ids=a,b,c gives those sources (the editor's one call).
 */
export const GET = apiRoute(async ({ actor, request }) => {
  const params = new URL(request.url).searchParams;
  const ids = params.get("ids");
  if (ids !== null) return { data: await getSourcesByIds({ actor, ids: ids.split(",").filter(Boolean) }) };
  const { data, hasMore } = await searchSources({ actor, input: Object.fromEntries(params) });
  return { data, hasMore };
});

/** POST /api/v1/sources adds a source; a URL already in the library gets 409 with `sourceId`. */
export const POST = apiRoute(async ({ actor, request }) => createSource({ actor, input: await readJson(request) }), {
  status: 201,
});
