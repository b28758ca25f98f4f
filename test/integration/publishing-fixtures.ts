/** Published checks for the publishing, staleness and refresh tests: the real review flow, then publish. */
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { sources } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { setClockOffset } from "@/lib/server/clock";
import { createFactCheck } from "@/lib/server/fact-checks";
import { setPublicInvalidator } from "@/lib/server/public-cache";
import { publishFactCheck } from "@/lib/server/publishing";
import { approve, createSource, paragraph, submit } from "./review-fixtures";

export { createSource, paragraph };

export const DAY_MS = 86_400_000;

/** Moves the domain clock to `days` after the real now (0 restores it). */
export function moveClockDays(days: number): void {
  setClockOffset(days * DAY_MS);
}

/** Records the public cache tags invalidated while it is installed. */
export function recordInvalidations(): { tags: string[]; clear: () => void } {
  const tags: string[] = [];
  setPublicInvalidator((list) => tags.push(...list));
  return { tags, clear: () => tags.splice(0) };
}

export type Team = { writer: Actor; reviewer: Actor; editor: Actor };

/** A check citing the given sources (one per section), approved by the reviewer, ready to publish. */
export async function createApprovedCheck(
  team: Team,
  {
    sourceIds,
    question,
    topic,
    refreshIntervalDays,
    bodyText,
  }: { sourceIds?: string[]; question?: string; topic?: string; refreshIntervalDays?: number; bodyText?: string } = {},
) {
  const ids = sourceIds ?? [(await createSource()).id];
  const check = await createFactCheck({
    actor: team.writer,
    input: {
      question: question ?? `Did the city plant 10,000 trees last year? ${crypto.randomUUID().slice(0, 8)}`,
      topic: topic ?? "Environment",
      refreshIntervalDays: refreshIntervalDays ?? null,
      summary: paragraph("Roughly: the parks department counted 9,870 new trees.", ids[0]),
      sections: ids.map((id, i) => ({ heading: `Evidence ${i + 1}`, body: paragraph(bodyText ?? `The planting records show progress in district ${i + 1}.`, id) })),
    },
  });
  await submit(team.writer, check.id, [team.reviewer]);
  await approve(team.reviewer, check.id);
  return check;
}

export async function createPublishedCheck(team: Team, options: Parameters<typeof createApprovedCheck>[1] = {}) {
  const check = await createApprovedCheck(team, options);
  const published = await publishFactCheck({ actor: team.editor, id: check.id, input: { changeNote: "First publication" } });
  return published;
}

/** Changes a source's status the way the library does (status and the instant it changed). */
export async function setSourceStatus(sourceId: string, status: "live" | "updated" | "dead" | "retracted", at: Date) {
  const db = await getDb();
  await db.update(sources).set({ status, statusChangedAt: at }).where(eq(sources.id, sourceId));
}
