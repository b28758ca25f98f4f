"use server";
/** The job queue (admins). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction, text } from "@/lib/server/form";
import { retryJob } from "@/lib/server/jobs";

export const retryJobAction = formAction(z.object({ id: text(), name: text() }), async ({ id, name }, actor) => {
  await retryJob({ actor, id });
  revalidatePath("/admin/jobs");
  return { done: `The ${name} job is queued again.` };
});
