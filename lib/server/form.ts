import "server-only";
import type { Actor } from "./actor";
import { databaseOutage, DomainError } from "./errors";
import { requireActor } from "./session";

/** What a form action returns to its form: a message, errors per field, and the values to show again. */
export type FormState = { message?: string; fields?: Record<string, string>; values?: Record<string, string>; done?: string };

/**
 * Runs a domain call for a server action with the signed-in actor. Domain errors
 * become form state (per-field errors); anything else is logged and reported generically.
 */
export async function runFormAction<T>(
  values: Record<string, string>,
  call: (actor: Actor) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; state: FormState }> {
  try {
    const actor = await requireActor();
    return { ok: true, value: await call(actor) };
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, state: { message: error.message, fields: error.fields, values } };
    }
    const outage = databaseOutage(error);
    if (outage) return { ok: false, state: { message: outage.message, values } };
    console.error(error);
    return { ok: false, state: { message: "Something went wrong on our side. Try again.", values } };
  }
}
