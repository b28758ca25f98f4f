"use server";
/** The inbox. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formSubmit, inputAction } from "@/lib/server/form";
import { markNotificationsRead } from "@/lib/server/notifications";

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The desk's pages show the unread count (the bell); public pages do not and keep their cache.
const refreshDesk = () => revalidatePath("/(desk)", "layout");

/** Marks one notification (form field `id`) or, without one, all of them as read. */
export const markReadAction = formSubmit(z.object({ id: idSchema.optional() }), async ({ id }, actor) => {
  await markNotificationsRead({ actor, ids: id ? [id] : undefined });
  refreshDesk();
});

/**
 * Answers the signed-in person's inbox items about a check: called by its pages
 * once they are shown (components/notifications/mark-check-read.tsx), never while
 * rendering them.
 */
export const markCheckReadAction = inputAction(z.object({ factCheckId: idSchema }), async ({ factCheckId }, actor) => {
  if ((await markNotificationsRead({ actor, factCheckId })) > 0) refreshDesk();
});
