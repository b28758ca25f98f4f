import "server-only";
import { notFound } from "next/navigation";
import { DomainError } from "./errors";

/** For pages: a domain "not found" becomes Next's 404 page; other errors propagate to error.tsx. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DomainError && (error.code === "not_found" || error.code === "forbidden")) notFound();
    throw error;
  }
}
