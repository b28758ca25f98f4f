"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead } from "@/lib/server/notifications";
import { getActor, requireActor } from "@/lib/server/session";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The desk's pages show the unread count (the bell); public pages do not and keep their cache.
const refreshDesk = () => revalidatePath("/(desk)", "layout");

/** Marks one notification (form field `id`) or, without one, all of them as read. */
export async function markReadAction(formData: FormData): Promise<void> {
  const actor = await requireActor();
  const id = formData.get("id");
  const parsed = id === null ? null : idSchema.safeParse(id);
  if (parsed && !parsed.success) return;
  await markNotificationsRead({ actor, ids: parsed ? [parsed.data] : undefined });
  refreshDesk();
}

/**
 * Answers the signed-in person's inbox items about a check: called by its pages
 * once they are shown (components/notifications/mark-check-read.tsx), never while
 * rendering them.
 */
export async function markCheckReadAction(factCheckId: string): Promise<void> {
  const actor = await getActor();
  const parsed = idSchema.safeParse(factCheckId);
  if (!actor || !parsed.success) return;
  if ((await markNotificationsRead({ actor, factCheckId: parsed.data })) > 0) refreshDesk();
}
