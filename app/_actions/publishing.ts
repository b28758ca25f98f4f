"use server";
/** Publishing a check, and starting its refresh. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction, text } from "@/lib/server/form";
import { publishFactCheck, startRefresh } from "@/lib/server/publishing";

export const publishAction = formAction(z.object({ id: text(), changeNote: text() }), async ({ id, changeNote }, actor) => {
  const { version } = await publishFactCheck({ actor, id, input: { changeNote } });
  revalidatePath(`/desk/fact-checks/${id}/publish`);
  redirect(`/desk/fact-checks/${id}/publish?published=${version.number}`);
});

export const startRefreshAction = formAction(z.object({ id: text() }), async ({ id }, actor) => {
  await startRefresh({ actor, id });
  revalidatePath("/desk/refresh");
  redirect(`/desk/fact-checks/${id}`);
});
