import { apiRoute } from "@/lib/server/api";
import { startRefresh } from "@/lib/server/publishing";

/** Opens a refresh draft copied from the live version; the live version stays up. */
export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => startRefresh({ actor, id: params.id }));
