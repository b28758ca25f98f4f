import { apiRoute, readJson } from "@/lib/server/api";
import { createFactCheck, listDesk } from "@/lib/server/fact-checks";

export const GET = apiRoute(async ({ actor }) => {
  const { mine, waiting } = await listDesk({ actor });
  return { data: mine, waiting };
});

export const POST = apiRoute(
  async ({ actor, request }) => createFactCheck({ actor, input: await readJson(request) }),
  { status: 201 },
);
