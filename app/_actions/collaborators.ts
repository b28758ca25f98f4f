"use server";
/** The Share dialog: co-writers of a check. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addCollaborator, removeCollaborator, staffToShareWith } from "@/lib/server/collaborators";
import { inputAction } from "@/lib/server/form";

const collaborator = z.object({ factCheckId: z.string(), userId: z.string() });

// The desks of the people concerned list the check, or stop listing it.
const refreshDesks = () => revalidatePath("/desk");

/** The staff to choose co-writers from, asked for as the Share dialog opens; only to someone who may share the check. */
export const staffToShareWithAction = inputAction(z.object({ factCheckId: z.string() }), ({ factCheckId }, actor) => staffToShareWith({ actor, factCheckId }));

/** Answers the check's co-writers as they now are. */
export const addCollaboratorAction = inputAction(collaborator, async ({ factCheckId, userId }, actor) => {
  const collaborators = await addCollaborator({ actor, factCheckId, input: { userId } });
  refreshDesks();
  return collaborators;
});

export const removeCollaboratorAction = inputAction(collaborator, async ({ factCheckId, userId }, actor) => {
  await removeCollaborator({ actor, factCheckId, userId });
  refreshDesks();
});
