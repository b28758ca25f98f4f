import "server-only";
import { createHash } from "node:crypto";
import type { CheckContent, FactCheckRow } from "@/db/schema";

/** The reviewable content of a check (what revisions and published versions freeze). */
export function contentOf(row: FactCheckRow): CheckContent {
  return {
    question: row.question,
    topic: row.topic,
    summary: row.summary,
    sections: row.sections,
    relatedQuestions: row.relatedQuestions,
    claimReviewed: row.claimReviewed,
    verdict: row.verdict,
    claimAppearance: row.claimAppearance,
  };
}

/** JSON with object keys sorted, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(content: CheckContent): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}
