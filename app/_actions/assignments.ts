"use server";
/** Related questions assigned as new checks (editors). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { assignRelatedQuestion } from "@/lib/server/assignments";
import { formAction, text } from "@/lib/server/form";

/** Turns one related question into a new draft on the chosen writer's desk. */
export const assignQuestionAction = formAction(
  z.object({ id: text(), questionId: text(), assigneeId: text() }),
  async ({ id, ...input }, actor) => {
    const { assignment } = await assignRelatedQuestion({ actor, id, input });
    revalidatePath(`/desk/fact-checks/${id}/publish`);
    return { done: `Assigned to ${assignment.ownerName}.` };
  },
);
