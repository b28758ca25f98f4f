import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { DatabaseUnavailableError, whyUnavailable } from "@/db/unavailable";
import type { Actor } from "./actor";
import { unauthorized } from "./errors";
import { sessionFromCookie } from "./sessions";

/**
 * The signed-in, enabled user of this request, or null. Reading the session
 * checks its server-side row and loads the user in one query
 * (lib/server/sessions.ts, as auth.ts's jwt callback does): never trusted from
 * the cookie alone.
 * Cached per request. A session that could not be checked because the
 * database is out of reach throws DatabaseUnavailableError (503 `database`
 * from the API, the unavailable page), never passes as signed out.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  // The cookie is read and checked as Auth.js's jwt callback checks it (auth.ts), without Auth.js's
  // round trip through its session endpoint, which also encrypted a new cookie on every request
  // for nobody to receive (pages and route handlers cannot set one).
  const cookie = (await headers()).get("cookie");
  try {
    return (await sessionFromCookie({ cookie }))?.actor ?? null;
  } catch (error) {
    const reason = whyUnavailable(error);
    if (reason) throw new DatabaseUnavailableError(reason);
    throw error;
  }
});

/** Loads an enabled user as an actor (API tokens, which are revoked one by one: lib/server/api-tokens.ts). */
export async function loadActor({ userId }: { userId: string }): Promise<Actor | null> {
  const db = await getDb();
  const [actor] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
  return actor ?? null;
}

/** For pages: the actor, or a redirect to sign-in that comes back here. */
export async function requirePageActor(callbackPath: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(callbackPath)}`);
  return actor;
}

/** For API routes and actions: the actor, or a 401 DomainError. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw unauthorized();
  return actor;
}
