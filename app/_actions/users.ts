"use server";
/** Managing users (admins). */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formAction, text } from "@/lib/server/form";
import { inviteUser, resendInvitation, revokeInvitation } from "@/lib/server/invitations";
import { createUser, updateUser } from "@/lib/server/users";
import type { Role } from "@/lib/roles";

export const createUserAction = formAction(
  z.object({ name: text(), email: text(), role: text(), password: text() }),
  async (input, actor) => {
    const user = await createUser({ actor, input });
    revalidatePath("/admin/users");
    return { done: `${user.name} can now sign in as ${user.email}.` };
  },
  { secret: ["password"] },
);

export const updateUserAction = formAction(
  // Enter in the role's select submits without a button: that is a change of role.
  z.object({ id: text(), intent: z.enum(["role", "enable", "disable"]).default("role"), role: text() }),
  async ({ id, intent, role }, actor) => {
    const input = intent === "role" ? { role: role as Role } : { disabled: intent === "disable" };
    const user = await updateUser({ actor, id, input });
    revalidatePath("/admin/users");
    return {
      done:
        intent === "disable"
          ? `${user.name} is disabled and signed out.`
          : intent === "enable"
            ? `${user.name} can sign in again.`
            : `${user.name} is now ${user.role}.`,
    };
  },
);

export const inviteUserAction = formAction(z.object({ name: text(), email: text(), role: text() }), async (input, actor) => {
  const invitation = await inviteUser({ actor, input });
  revalidatePath("/admin/users");
  return { done: `${invitation.name} is invited: the email to ${invitation.email} is on its way.` };
});

export const invitationAction = formAction(z.object({ id: text(), intent: z.enum(["resend", "revoke"]) }), async ({ id, intent }, actor) => {
  if (intent === "resend") await resendInvitation({ actor, id });
  else await revokeInvitation({ actor, id });
  revalidatePath("/admin/users");
  return { done: intent === "resend" ? "Sent again, with a new link." : "Revoked: the link no longer works." };
});
