/** Small assertion helpers for domain-layer tests. */
import { expect } from "vitest";
import { DomainError } from "@/lib/server/errors";

/** Runs `fn` and returns the error it rejects with; fails the test if it resolves. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("Expected the call to fail, but it succeeded");
}

/** The DomainError `fn` rejects with; fails the test on success or on any other error. */
export async function domainErrorOf(fn: () => Promise<unknown>): Promise<DomainError> {
  const error = await rejectionOf(fn);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
