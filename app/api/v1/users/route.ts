import { z } from "zod";
import { ROLES } from "@/lib/roles";
import { apiRoute } from "@/lib/server/api";
import { invalid } from "@/lib/server/errors";
import { listStaff } from "@/lib/server/users";

export const GET = apiRoute(async ({ actor, request }) => {
  const role = new URL(request.url).searchParams.get("role");
  const parsed = z.enum(ROLES).optional().safeParse(role ?? undefined);
  if (!parsed.success) throw invalid(`role must be one of ${ROLES.join(", ")}`, { role: "Unknown role" });
  return { data: await listStaff({ actor, role: parsed.data }) };
});
