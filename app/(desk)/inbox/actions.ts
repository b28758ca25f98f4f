"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead } from "@/lib/server/notifications";
import { requireActor } from "@/lib/server/session";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Marks one notification (form field `id`) or, without one, all of them as read. */
export async function markReadAction(formData: FormData): Promise<void> {
  const actor = await requireActor();
  const id = formData.get("id");
  const parsed = id === null ? null : idSchema.safeParse(id);
  if (parsed && !parsed.success) return;
  await markNotificationsRead({ actor, ids: parsed ? [parsed.data] : undefined });
  revalidatePath("/", "layout");
}
