import "server-only";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";
import { now } from "./clock";

type Tx = Pick<Db, "insert">;

export type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: "fact_check" | "source" | "user" | "comment" | "review" | "settings";
  entityId: string;
  factCheckId?: string | null;
  data?: Record<string, unknown>;
};

/**
 * Appends to the audit log, inside the caller's transaction so the entry and the
 * change it records commit or fail together. The table refuses UPDATE and DELETE.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, factCheckId: entry.factCheckId ?? null, data: entry.data ?? null, at: now() });
}
