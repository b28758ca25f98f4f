"use server";
/** Starting a fact-check (its content is saved by the editor through the API). */
import { redirect } from "next/navigation";
import { z } from "zod";
import { createFactCheck } from "@/lib/server/fact-checks";
import { formAction, text } from "@/lib/server/form";

export const createFactCheckAction = formAction(z.object({ question: text(), topic: text() }), async (input, actor) => {
  const check = await createFactCheck({ actor, input });
  redirect(`/desk/fact-checks/${check.id}`);
});
