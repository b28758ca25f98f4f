"use server";
/** Signing in and out. */
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { parseInput, readForm, text } from "@/lib/server/form";
import { safeCallbackPath } from "@/lib/safe-redirect";

export type SignInState = { message?: string; fields?: { email?: string; password?: string }; email?: string };

// Whoever signs in has no actor yet: this form is parsed as the others are, without one.
const signInForm = z.object({
  email: text().pipe(z.string().trim().min(1, "Enter your email")),
  password: text().pipe(z.string().min(1, "Enter your password")),
  // Checked where it is used: anything but a path of this site goes to the desk.
  callbackUrl: z.unknown(),
});

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const read = readForm(signInForm, formData);
  const parsed = parseInput(signInForm, read);
  if (!parsed.ok) return { fields: parsed.fields, email: typeof read.email === "string" ? read.email.trim() : "" };
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackPath(callbackUrl) });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      return { message: "Too many failed sign-ins. Wait 15 minutes, then try again.", email };
    }
    if (error instanceof AuthError) return { message: "Email or password is incorrect.", email };
    throw error; // the redirect that ends a successful sign-in
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/login" });
}
