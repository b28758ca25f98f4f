"use server";

import { revalidatePath } from "next/cache";
import { runFormAction, type FormState } from "@/lib/server/form";
import { createUser, updateUser } from "@/lib/server/users";
import type { Role } from "@/lib/roles";

export async function createUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
    role: String(formData.get("role") ?? ""),
    password: String(formData.get("password") ?? ""),
  };
  const result = await runFormAction(values, (actor) => createUser({ actor, input: values }));
  if (!result.ok) return { ...result.state, values: { ...values, password: "" } };
  revalidatePath("/admin/users");
  return { done: `${result.value.name} can now sign in as ${result.value.email}.` };
}

export async function updateUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = String(formData.get("id") ?? "");
  const intent = String(formData.get("intent") ?? "");
  const input =
    intent === "disable"
      ? { disabled: true }
      : intent === "enable"
        ? { disabled: false }
        : { role: String(formData.get("role") ?? "") as Role };
  const result = await runFormAction({}, (actor) => updateUser({ actor, id, input }));
  if (!result.ok) return result.state;
  revalidatePath("/admin/users");
  const user = result.value;
  return {
    done:
      intent === "disable"
        ? `${user.name} is disabled and signed out.`
        : intent === "enable"
          ? `${user.name} can sign in again.`
          : `${user.name} is now ${user.role}.`,
  };
}
