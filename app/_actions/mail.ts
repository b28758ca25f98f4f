"use server";
/** Email: each person's choices, and unsubscribing from a link. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAIL_KIND_NAMES } from "@/lib/mail-kinds";
import { databaseOutage, DomainError } from "@/lib/server/errors";
import { formAction, parseInput, readForm, text } from "@/lib/server/form";
import { setMailPreferences, unsubscribe } from "@/lib/server/mail";

export const updateMailPreferencesAction = formAction(
  z.object(Object.fromEntries(MAIL_KIND_NAMES.map((kind) => [kind, text()]))),
  async (input, actor) => {
    // The form names only the kinds offered to the actor; the others come as "".
    const chosen = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ""));
    await setMailPreferences({ actor, input: chosen });
    revalidatePath("/desk/account");
    return { done: "Your email choices are saved." };
  },
);

export type UnsubscribeState = { done?: string; message?: string };

// Whoever unsubscribes need not be signed in (the token is signed for one person and kind): the form is parsed as the others are, without an actor.
const unsubscribeForm = z.object({ token: text().pipe(z.string().min(1, "This unsubscribe link is not valid")) });

export async function unsubscribeAction(_previous: UnsubscribeState, formData: FormData): Promise<UnsubscribeState> {
  const parsed = parseInput(unsubscribeForm, readForm(unsubscribeForm, formData));
  if (!parsed.ok) return { message: "This unsubscribe link is not valid" };
  try {
    const outcome = await unsubscribe({ token: parsed.data.token });
    return { done: `Unsubscribed: you will no longer get emails for “${outcome.label}”.` };
  } catch (error) {
    if (error instanceof DomainError) return { message: error.message };
    const outage = databaseOutage(error);
    if (outage) return { message: outage.message };
    console.error(error);
    return { message: "Something went wrong on our side. Try again." };
  }
}
