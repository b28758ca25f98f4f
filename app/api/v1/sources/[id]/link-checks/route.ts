import { apiRoute } from "@/lib/server/api";
import { checkSourceNow, listLinkChecks } from "@/lib/server/link-checks";

/** The source's link checks, newest first: `{ data: [...] }`. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => listLinkChecks({ actor, id: params.id }));

/** Checks the source's link now (editors and admins) and answers 201 with the result. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => checkSourceNow({ actor, id: params.id }), { status: 201 });
