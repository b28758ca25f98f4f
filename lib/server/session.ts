import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import type { Actor } from "./actor";
import { unauthorized } from "./errors";

/**
 * The signed-in, enabled user of this request, loaded from the database (never
 * trusted from the token alone), or null. Cached per request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const issuedAt = (session as { issuedAt?: number }).issuedAt;
  return loadActor({ userId, issuedAt });
});

/**
 * Loads an enabled user as an actor. For sessions, `issuedAt` (seconds) must be after
 * the user's last revocation; API tokens are revoked one by one instead (`via: "token"`).
 */
export async function loadActor({
  userId,
  issuedAt,
  via = "session",
}: {
  userId: string;
  issuedAt?: number;
  via?: "session" | "token";
}): Promise<Actor | null> {
  const db = await getDb();
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      sessionsRevokedAt: users.sessionsRevokedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user || user.disabledAt) return null;
  if (via === "session" && user.sessionsRevokedAt && (issuedAt === undefined || issuedAt * 1000 < user.sessionsRevokedAt.getTime())) {
    return null;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
