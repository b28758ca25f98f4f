"use server";
/** The Share dialog: co-writers of a check. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addCollaborator, removeCollaborator } from "@/lib/server/collaborators";
import { inputAction } from "@/lib/server/form";

const collaborator = z.object({ factCheckId: z.string(), userId: z.string() });

// The desks of the people concerned list the check, or stop listing it.
const refreshDesks = () => revalidatePath("/desk");

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
