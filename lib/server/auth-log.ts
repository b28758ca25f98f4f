import "server-only";
import { createHash } from "node:crypto";
import { AuthError, CredentialsSignin } from "next-auth";
import { normalizeEmail } from "./authentication";

export type SignInFailure = { reason: "invalid" | "rate_limited"; email: string; address: string };

/**
 * A refused sign-in, thrown by the credentials provider. Its `code` reaches the
 * sign-in form ("rate_limited" or Auth.js's "credentials"); the rest only the log.
 */
export class SignInFailed extends CredentialsSignin {
  readonly failure: SignInFailure;

  constructor(failure: SignInFailure) {
    super();
    this.code = failure.reason === "rate_limited" ? "rate_limited" : "credentials";
    this.failure = failure;
  }
}

/** A stable, short stand-in for an email in logs: failures of one account line up without the address being written. */
export function emailHash(email: string): string {
  return createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 16);
}

/**
 * Auth.js's logger (its warnings keep the built-in one). A failed sign-in is routine (a typo, a guess): one JSON line,
 * never the password or a stack. Other errors are not routine: their name,
 * message and cause, as Auth.js would log them.
 */
export const authLogger = {
  error(error: Error) {
    if (error instanceof SignInFailed) {
      const { reason, email, address } = error.failure;
      console.warn(JSON.stringify({ event: "sign_in_failed", reason, emailHash: emailHash(email), address }));
      return;
    }
    const name = error instanceof AuthError ? error.type : error.name;
    console.error(`[auth][error] ${name}: ${error.message}`);
    const cause = error.cause as { err?: unknown } | undefined;
    const detail = cause?.err instanceof Error ? cause.err : error;
    if (detail.stack) console.error(detail.stack);
  },
};
