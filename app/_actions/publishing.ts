"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runFormAction, type FormState } from "@/lib/server/form";
import { publishFactCheck, startRefresh } from "@/lib/server/publishing";

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
