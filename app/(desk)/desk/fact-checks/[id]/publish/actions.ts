"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runFormAction, type FormState } from "@/lib/server/form";
import { assignRelatedQuestion } from "@/lib/server/assignments";
import { publishFactCheck, startRefresh } from "@/lib/server/publishing";
import { scheduleRefresh } from "@/lib/server/refresh";

export async function publishAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = String(formData.get("id") ?? "");
  const changeNote = String(formData.get("changeNote") ?? "");
  const result = await runFormAction({ changeNote }, (actor) => publishFactCheck({ actor, id, input: { changeNote } }));
  if (!result.ok) return result.state;
  revalidatePath(`/desk/fact-checks/${id}/publish`);
  redirect(`/desk/fact-checks/${id}/publish?published=${result.value.version.number}`);
}

export async function startRefreshAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = String(formData.get("id") ?? "");
  const result = await runFormAction({}, (actor) => startRefresh({ actor, id }));
  if (!result.ok) return result.state;
  revalidatePath("/desk/refresh");
  redirect(`/desk/fact-checks/${id}`);
}

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

/** Turns one related question into a new draft on the chosen writer's desk. */
export async function assignQuestionAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = String(formData.get("id") ?? "");
  const values = { assigneeId: String(formData.get("assigneeId") ?? "") };
  const input = { questionId: String(formData.get("questionId") ?? ""), assigneeId: values.assigneeId };
  const result = await runFormAction(values, (actor) => assignRelatedQuestion({ actor, id, input }));
  if (!result.ok) return result.state;
  revalidatePath(`/desk/fact-checks/${id}/publish`);
  return { done: `Assigned to ${result.value.assignment.ownerName}.` };
}
