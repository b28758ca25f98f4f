import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { apiTokens } from "@/db/schema";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { now } from "./clock";
import { invalid, notFound } from "./errors";
import { loadActor } from "./session";

/** Personal API tokens for `Authorization: Bearer …`. Only a SHA-256 of the token is stored. */
const PREFIX = "fdk_";

export type ApiTokenDto = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken({ actor, input }: { actor: Actor; input: unknown }): Promise<{ token: string; info: ApiTokenDto }> {
  const parsed = z
    .object({ name: z.string().trim().min(1, "Name the token, e.g. the script that uses it").max(100, "At most 100 characters") })
    .safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const token = PREFIX + randomBytes(32).toString("base64url");
  const db = await getDb();
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: actor.id, name: parsed.data.name, tokenHash: hashToken(token), createdAt: now() })
    .returning();
  return { token, info: toDto(row!) };
}

function toDto(row: typeof apiTokens.$inferSelect): ApiTokenDto {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}

export async function listApiTokens({ actor }: { actor: Actor }): Promise<ApiTokenDto[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(toDto);
}

export async function revokeApiToken({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  const db = await getDb();
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now() })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw notFound("Token not found");
}

/** The actor a bearer token stands for, with the token's id, or null (unknown, revoked, or its user disabled). */
export async function actorFromToken(token: string): Promise<{ actor: Actor; tokenId: string } | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const db = await getDb();
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  const actor = await loadActor({ userId: row.userId });
  if (!actor) return null;
  // Record use at most once a minute: no write on every request.
  if (!row.lastUsedAt || now().getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now() }).where(eq(apiTokens.id, row.id));
  }
  return { actor, tokenId: row.id };
}
