"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { DomainError } from "@/lib/server/errors";
import { runFormAction, type FormState } from "@/lib/server/form";
import { createSource, deleteSource, updateSource } from "@/lib/server/sources";

const FIELDS = ["url", "title", "publisher", "author", "publishedOn", "lastVerifiedOn", "archivedUrl", "notes"] as const;

function valuesOf(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, String(formData.get(name) ?? "")]));
}

export async function createSourceAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = valuesOf(formData, FIELDS);
  const result = await runFormAction(values, async (actor) => {
    try {
      return { created: await createSource({ actor, input: values }) };
    } catch (error) {
      // The URL is already in the library: take the writer to that source instead.
      const existing = error instanceof DomainError ? error.details?.sourceId : undefined;
      if (typeof existing === "string") return { existing };
      throw error;
    }
  });
  if (!result.ok) return result.state;
  revalidatePath("/sources");
  if ("existing" in result.value) redirect(`/sources/${result.value.existing}?existing=1`);
  redirect(`/sources/${result.value.created.id}?added=1`);
}

export async function updateSourceAction(id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = valuesOf(formData, FIELDS);
  const result = await runFormAction(values, (actor) => updateSource({ actor, id, input: values }));
  if (!result.ok) return result.state;
  revalidatePath(`/sources/${id}`);
  revalidatePath("/sources");
  return { done: "Changes saved.", values };
}

export async function changeSourceStatusAction(id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = valuesOf(formData, ["status", "statusNote"]);
  const result = await runFormAction(values, (actor) => updateSource({ actor, id, input: values }));
  if (!result.ok) return result.state;
  revalidatePath(`/sources/${id}`);
  revalidatePath("/sources");
  return { done: "Status changed." };
}

export async function deleteSourceAction(id: string): Promise<FormState> {
  const result = await runFormAction({}, (actor) => deleteSource({ actor, id }));
  if (!result.ok) return result.state;
  revalidatePath("/sources");
  redirect("/sources?deleted=1");
}
