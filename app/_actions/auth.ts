"use server";
/** Signing in and out. */

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/auth";
import { safeCallbackPath } from "@/lib/safe-redirect";

export type SignInState = { message?: string; fields?: { email?: string; password?: string }; email?: string };

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const fields: SignInState["fields"] = {};
  if (!email) fields.email = "Enter your email";
  if (!password) fields.password = "Enter your password";
  if (fields.email || fields.password) return { fields, email };

  try {
    await signIn("credentials", { email, password, redirectTo: safeCallbackPath(formData.get("callbackUrl")) });
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
