"use server";

import { revalidatePath } from "next/cache";
import { createApiToken, revokeApiToken } from "@/lib/server/api-tokens";
import { runFormAction, type FormState } from "@/lib/server/form";

export async function createTokenAction(_previous: FormState & { token?: string }, formData: FormData) {
  const values = { name: String(formData.get("name") ?? "") };
  const result = await runFormAction(values, (actor) => createApiToken({ actor, input: values }));
  if (!result.ok) return result.state;
  revalidatePath("/desk/account");
  return { done: `Token “${result.value.info.name}” created. Copy it now: it is shown only once.`, token: result.value.token };
}

export async function revokeTokenAction(formData: FormData) {
  const id = String(formData.get("id") ?? "");
  await runFormAction({}, (actor) => revokeApiToken({ actor, id }));
  revalidatePath("/desk/account");
}
