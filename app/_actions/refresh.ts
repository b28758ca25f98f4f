"use server";
/** Scheduling refreshes (the refresh queue, and one check's publishing page). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction, repeated, text } from "@/lib/server/form";
import { scheduleRefresh } from "@/lib/server/refresh";

/** Schedules (or clears) the refresh of one or more checks; `ids` repeats for a bulk schedule. */
export const scheduleAction = formAction(
  z
    .object({ ids: repeated(), intent: z.enum(["schedule", "clear"]).default("schedule"), nextRefreshAt: text(), assigneeId: text() })
    .refine((form) => form.intent === "clear" || form.nextRefreshAt !== "", { path: ["nextRefreshAt"], message: "Choose a date" }),
  async ({ ids, intent, nextRefreshAt, assigneeId }, actor) => {
    const clear = intent === "clear";
    const input = clear ? { ids, nextRefreshAt: null } : { ids, nextRefreshAt, assigneeId: assigneeId || null };
    const result = await scheduleRefresh({ actor, input });
    revalidatePath("/desk/refresh");
    revalidatePath("/desk/refresh/calendar");
    const what = result.ids.length === 1 ? "1 fact-check" : `${result.ids.length} fact-checks`;
    const values: Record<string, string> = clear ? {} : { nextRefreshAt, assigneeId };
    return { done: result.nextRefreshOn ? `Refresh scheduled for ${what}.` : `Schedule cleared for ${what}.`, values };
  },
);
