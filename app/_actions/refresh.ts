"use server";

import { revalidatePath } from "next/cache";
import { runFormAction, type FormState } from "@/lib/server/form";
import { scheduleRefresh } from "@/lib/server/refresh";

/** Schedules (or clears) the refresh of one or more checks; `ids` repeats for a bulk schedule. */
export async function scheduleAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const ids = formData.getAll("ids").map(String);
  const clear = formData.get("intent") === "clear";
  const values = { nextRefreshAt: String(formData.get("nextRefreshAt") ?? ""), assigneeId: String(formData.get("assigneeId") ?? "") };
  const input = clear
    ? { ids, nextRefreshAt: null }
    : { ids, nextRefreshAt: values.nextRefreshAt || "", assigneeId: values.assigneeId || null };
  const result = await runFormAction(values, (actor) => scheduleRefresh({ actor, input }));
  if (!result.ok) {
    const fields = { ...result.state.fields };
    if (fields.nextRefreshAt === "Enter a date as YYYY-MM-DD") fields.nextRefreshAt = "Choose a date";
    return { ...result.state, fields };
  }
  revalidatePath("/desk/refresh");
  revalidatePath("/desk/refresh/calendar");
  const n = result.value.ids.length;
  const what = n === 1 ? "1 fact-check" : `${n} fact-checks`;
  return {
    done: result.value.nextRefreshOn ? `Refresh scheduled for ${what}.` : `Schedule cleared for ${what}.`,
    values: clear ? {} : values,
  };
}
