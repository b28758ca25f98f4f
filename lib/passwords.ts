/**
 * Password hashing: argon2id with the OWASP ASVS minimums (19 MiB, 2 passes, 1 lane).
 * Not marked server-only so scripts (seed, user admin) can use it; the native binding
 * can never reach a client bundle anyway.
 */
import { hash, verify } from "@node-rs/argon2";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A valid hash of a random password: verified against for unknown emails so both failures take as long. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

let commonPasswords: Promise<Set<string>> | undefined;
/** About 49,000 commonly used passwords (the list zxcvbn checks against), lower-cased; loaded on first use. */
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import("@zxcvbn-ts/language-common").then(
    ({ dictionary }) => new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase())),
  );
  return commonPasswords;
}

/**
 * What is wrong with a new password, or null: the rules of NIST SP 800-63B
 * (5.1.1.2). At least 12 characters (at most 256, any characters, no rules
 * of composition); not the account's email or its name part; not a commonly
 * used password.
 */
export async function newPasswordProblem(password: string, { email }: { email: string }): Promise<string | null> {
  if (password.length < PASSWORD_MIN_LENGTH) return `Passwords have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Passwords have at most ${PASSWORD_MAX_LENGTH} characters`;
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lower === address || lower === address.split("@")[0]) return "Choose a password that is not your email address";
  if ((await loadCommonPasswords()).has(lower)) return "This password is too common: choose another";
  return null;
}
