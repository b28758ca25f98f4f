import "server-only";
/**
 * The newsroom's verdict list and its rating scale (lib/verdicts.ts), kept by
 * admins as one JSON value in the `settings` table.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/db";
import { settings } from "@/db/schema";
import { DEFAULT_VERDICT_SCALE, type VerdictScale } from "@/lib/verdicts";
import { fieldErrors } from "@/lib/validation";
import type { Actor } from "./actor";
import { recordAudit } from "./audit";
import { now } from "./clock";
import { invalid } from "./errors";
import { authorize } from "./policies/newsroom";
import { invalidatePublic, PUBLIC_TAGS } from "./public-cache";

const VERDICTS_KEY = "verdicts";

const rating = (label: string) =>
  z.coerce.number({ error: `Enter the ${label} as a whole number` }).int(`Enter the ${label} as a whole number`).min(-100).max(100);

/**
 * The form's shape: worst and best ratings, and the verdicts one per line as
 * "<rating> <words>" (e.g. "1 False").
 */
export const verdictScaleSchema = z
  .object({ worstRating: rating("worst rating"), bestRating: rating("best rating"), verdicts: z.string({ error: "List the verdicts" }) })
  .strict()
  .transform((input, ctx): VerdictScale => {
    if (input.bestRating === input.worstRating) ctx.addIssue({ code: "custom", path: ["bestRating"], message: "The best and worst ratings must differ" });
    const low = Math.min(input.worstRating, input.bestRating);
    const high = Math.max(input.worstRating, input.bestRating);
    const verdicts: VerdictScale["verdicts"] = [];
    const seen = new Set<string>();
    const lines = input.verdicts.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    lines.forEach((line, index) => {
      const match = /^(-?\d+)\s+(.+)$/.exec(line);
      if (!match) {
        ctx.addIssue({ code: "custom", path: ["verdicts"], message: `Line ${index + 1} (“${line}”) must be a rating and the verdict's words, e.g. “1 False”` });
        return;
      }
      const value = Number(match[1]);
      const label = match[2]!.replace(/\s+/g, " ");
      if (value < low || value > high) ctx.addIssue({ code: "custom", path: ["verdicts"], message: `Line ${index + 1}: the rating ${value} is outside ${low}–${high}` });
      else if (label.length > 100) ctx.addIssue({ code: "custom", path: ["verdicts"], message: `Line ${index + 1}: a verdict is at most 100 characters` });
      else if (seen.has(label.toLowerCase())) ctx.addIssue({ code: "custom", path: ["verdicts"], message: `Line ${index + 1}: “${label}” is listed twice` });
      else {
        seen.add(label.toLowerCase());
        verdicts.push({ label, rating: value });
      }
    });
    if (lines.length === 0) ctx.addIssue({ code: "custom", path: ["verdicts"], message: "List at least one verdict" });
    if (lines.length > 30) ctx.addIssue({ code: "custom", path: ["verdicts"], message: "At most 30 verdicts" });
    return { worstRating: input.worstRating, bestRating: input.bestRating, verdicts };
  });

/** The verdict list and scale (the default until an admin saves one). Public: readers' ClaimReview uses it. */
export async function getVerdictScale(db?: Db): Promise<VerdictScale> {
  const database = db ?? (await getDb());
  const [row] = await database.select({ value: settings.value }).from(settings).where(eq(settings.key, VERDICTS_KEY)).limit(1);
  const stored = row?.value as VerdictScale | undefined;
  return stored && Array.isArray(stored.verdicts) ? stored : DEFAULT_VERDICT_SCALE;
}

export async function updateVerdictScale({ actor, input }: { actor: Actor; input: unknown }): Promise<VerdictScale> {
  authorize(actor, "change_site_settings");
  const parsed = verdictScaleSchema.safeParse(input);
  if (!parsed.success) throw invalid("Check the highlighted fields", fieldErrors(parsed.error));
  const db = await getDb();
  const before = await getVerdictScale(db);
  const value = parsed.data;
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: VERDICTS_KEY, value, updatedAt: now() })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now() } });
    await recordAudit(tx, { actorId: actor.id, action: "settings.updated", entityType: "settings", entityId: VERDICTS_KEY, data: { changes: { verdicts: { from: before, to: value } } } });
  });
  // Ratings show in every published check's ClaimReview.
  invalidatePublic([PUBLIC_TAGS.all]);
  return value;
}

/** The scale as the verdict form shows it: one "<rating> <words>" line per verdict. */
export function verdictLines(scale: VerdictScale): string {
  return scale.verdicts.map((v) => `${v.rating} ${v.label}`).join("\n");
}
