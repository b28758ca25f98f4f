"use server";
/**
 * Server actions for the Share dialog. Thin: the signed-in actor, one domain
 * call, errors as a message (and the field it concerns).
 */
import { revalidatePath } from "next/cache";
import { addCollaborator, removeCollaborator, type CollaboratorDto } from "@/lib/server/collaborators";
import { runFormAction } from "@/lib/server/form";

export type ShareResult = { ok: true; collaborators?: CollaboratorDto[] } | { ok: false; message: string };

async function run<T>(call: Parameters<typeof runFormAction<T>>[1]): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const result = await runFormAction({}, call);
  if (!result.ok) return { ok: false, message: result.state.fields?.userId ?? result.state.message ?? "Something went wrong" };
  // The desks of the people concerned list the check, or stop listing it.
  revalidatePath("/desk");
  return result;
}

export async function addCollaboratorAction(factCheckId: string, userId: string): Promise<ShareResult> {
  const result = await run((actor) => addCollaborator({ actor, factCheckId, input: { userId } }));
  return result.ok ? { ok: true, collaborators: result.value } : result;
}

export async function removeCollaboratorAction(factCheckId: string, userId: string): Promise<ShareResult> {
  const result = await run((actor) => removeCollaborator({ actor, factCheckId, userId }));
  return result.ok ? { ok: true } : result;
}
