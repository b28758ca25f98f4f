"use server";
/** Personal API tokens. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiToken, revokeApiToken } from "@/lib/server/api-tokens";
import { formAction, formSubmit, text } from "@/lib/server/form";

export const createTokenAction = formAction(z.object({ name: text() }), async (input, actor) => {
  const { token, info } = await createApiToken({ actor, input });
  revalidatePath("/desk/account");
  return { done: `Token “${info.name}” created. Copy it now: it is shown only once.`, token };
});

export const revokeTokenAction = formSubmit(z.object({ id: text() }), async ({ id }, actor) => {
  await revokeApiToken({ actor, id });
  revalidatePath("/desk/account");
});
