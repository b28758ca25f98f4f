"use server";

import { redirect } from "next/navigation";
import { createFactCheck } from "@/lib/server/fact-checks";
import { runFormAction, type FormState } from "@/lib/server/form";

export async function createFactCheckAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { question: String(formData.get("question") ?? ""), topic: String(formData.get("topic") ?? "") };
  const result = await runFormAction(values, (actor) => createFactCheck({ actor, input: values }));
  if (!result.ok) return result.state;
  redirect(`/desk/fact-checks/${result.value.id}`);
}
