"use server";

import { revalidatePath } from "next/cache";
import { runFormAction, type FormState } from "@/lib/server/form";
import { assignRelatedQuestion } from "@/lib/server/assignments";

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
