"use server";
/** People's own accounts: changing their password, and choosing a new one when they forgot it. */
import { headers } from "next/headers";
import { z } from "zod";
import { CLIENT_ADDRESS_HEADER, clientAddressFromHeader } from "@/lib/request-boundary.mjs";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/server/accounts";
import { acceptInvitation } from "@/lib/server/invitations";
import { databaseOutage, DomainError } from "@/lib/server/errors";
import { formAction, parseInput, readForm, text, type FormState } from "@/lib/server/form";
import { sessionFromCookie } from "@/lib/server/sessions";

export const changePasswordAction = formAction(
  z.object({ currentPassword: text(), newPassword: text() }),
  async (input, actor) => {
    const session = await sessionFromCookie({ cookie: (await headers()).get("cookie") });
    await changePassword({ actor, sessionId: session?.sessionId ?? null, input });
    return { done: "Your password is changed. Your other sessions are signed out." };
  },
  { secret: ["currentPassword", "newPassword"] },
);

/** What "Forgot password?" answers, whether or not the address has an account. */
const RESET_REQUESTED =
  "If an account uses this address, we have emailed it a link to choose a new password. The link works once, for 30 minutes.";

/** What went wrong, for the two forms used signed out (they have no actor, so no wrapper: parsed as sign-in is). */
function failure(error: unknown): FormState {
  if (error instanceof DomainError) return { message: error.message, fields: error.fields };
  const outage = databaseOutage(error);
  if (outage) return { message: outage.message };
  console.error(error);
  return { message: "Something went wrong on our side. Try again." };
}

const forgotForm = z.object({ email: text().pipe(z.string().trim().min(1, "Enter your email").max(320, "Enter a valid email address").email("Enter a valid email address")) });

export async function forgotPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const read = readForm(forgotForm, formData);
  const parsed = parseInput(forgotForm, read);
  if (!parsed.ok) return { message: parsed.message, fields: parsed.fields, values: { email: typeof read.email === "string" ? read.email : "" } };
  try {
    const address = clientAddressFromHeader((await headers()).get(CLIENT_ADDRESS_HEADER));
    await requestPasswordReset({ email: parsed.data.email, address });
    return { done: RESET_REQUESTED };
  } catch (error) {
    return failure(error);
  }
}

const resetForm = z.object({ token: text(), newPassword: text() });

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseInput(resetForm, readForm(resetForm, formData));
  if (!parsed.ok) return { message: parsed.message, fields: parsed.fields };
  try {
    await resetPassword({ token: parsed.data.token, newPassword: parsed.data.newPassword });
    return { done: "Your password is changed. Sign in with it." };
  } catch (error) {
    return failure(error);
  }
}

const acceptForm = z.object({ token: text(), newPassword: text() });

export async function acceptInvitationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseInput(acceptForm, readForm(acceptForm, formData));
  if (!parsed.ok) return { message: parsed.message, fields: parsed.fields };
  try {
    const { email } = await acceptInvitation({ token: parsed.data.token, password: parsed.data.newPassword });
    return { done: `Welcome! Sign in as ${email} with your new password.` };
  } catch (error) {
    return failure(error);
  }
}
