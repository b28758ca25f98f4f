import "server-only";
/**
 * Reader reports ("Report outdated information" on a published check): no
 * account, a note at most, limited per address (only a keyed hash of the
 * address is kept). Open reports put a check in the editors' refresh queue
 * (lib/server/refresh.ts) and its staleness reasons (lib/server/staleness.ts).
 */
import { createHash } from "node:crypto";
import { and, count, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { factChecks, outdatedReports } from "@/db/schema";
import { now } from "./clock";
import { DomainError, invalid, notFound } from "./errors";
import { LOCKS, lockForTransaction } from "./locks";

export const REPORT_NOTE_MAX = 1000;
/** The report form's body, at most: a note of REPORT_NOTE_MAX characters, percent-encoded, with room to spare. */
export const REPORT_BODY_LIMIT_BYTES = 16 * 1024;
/** Per address: at most this many reports an hour, and one per check a day. */
export const REPORT_LIMITS = { perHour: 5, perCheckPerDay: 1 } as const;

const reportSchema = z.object({
  note: z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .max(REPORT_NOTE_MAX, `Keep the note under ${REPORT_NOTE_MAX} characters`)
        .refine((s) => !s.includes("\u0000"), "Remove the NUL character (U+0000)"),
    )
    .transform((s) => (s.length ? s : null))
    .nullable()
    .optional(),
});

export function hashAddress(address: string): string {
  // Only a keyed hash of the address is kept: enough to rate-limit, not to identify a reader.
  return createHash("sha256")
    .update(`factdesk-report\u0000${process.env.AUTH_SECRET ?? ""}\u0000${address}`)
    .digest("hex");
}

export type ReportOutcome = "recorded" | "already_reported";

/** A reader reports that a published check looks outdated (no account; rate limited per address). */
export async function reportOutdated({ slug, note, address }: { slug: string; note: unknown; address: string }): Promise<ReportOutcome> {
  const parsed = reportSchema.safeParse({ note: typeof note === "string" ? note : null });
  if (!parsed.success) throw invalid(parsed.error.issues[0]!.message, { note: parsed.error.issues[0]!.message });
  const db = await getDb();
  const [check] = await db
    .select({ id: factChecks.id })
    .from(factChecks)
    .where(and(eq(factChecks.slug, slug), sql`${factChecks.liveVersionId} is not null`))
    .limit(1);
  if (!check) throw notFound("Fact-check not found");
  const addressHash = hashAddress(address);
  const at = now();
  const hourAgo = new Date(at.getTime() - 3_600_000);
  const dayAgo = new Date(at.getTime() - 86_400_000);
  return db.transaction(async (tx) => {
    // Counted and recorded under a lock per address: a burst of parallel reports (from any instance) keeps the limits.
    await lockForTransaction(tx, LOCKS.readerReports, addressHash);
    const [[recent], [sameCheck]] = await Promise.all([
      tx
        .select({ n: count() })
        .from(outdatedReports)
        .where(and(eq(outdatedReports.addressHash, addressHash), gte(outdatedReports.createdAt, hourAgo))),
      tx
        .select({ n: count() })
        .from(outdatedReports)
        .where(and(eq(outdatedReports.addressHash, addressHash), eq(outdatedReports.factCheckId, check.id), gte(outdatedReports.createdAt, dayAgo))),
    ]);
    if ((sameCheck?.n ?? 0) >= REPORT_LIMITS.perCheckPerDay) return "already_reported" as const;
    if ((recent?.n ?? 0) >= REPORT_LIMITS.perHour) {
      throw new DomainError("rate_limited", "Too many reports from your connection. Please try again later.");
    }
    await tx.insert(outdatedReports).values({ factCheckId: check.id, note: parsed.data.note ?? null, addressHash, createdAt: at });
    return "recorded" as const;
  });
}
