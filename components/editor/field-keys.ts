/**
 * The editor's stable keys for its fields, independent of position (the live
 * document's too: lib/collab/document.ts `fieldFragment`), and the mapping of
 * the server's field paths onto them.
 */

/** Stable keys for fields, independent of position. */
export const fieldKey = {
  question: "question",
  topic: "topic",
  summary: "summary",
  claimReviewed: "claimReviewed",
  verdict: "verdict",
  claimAppearance: "claimAppearance",
  sectionHeading: (id: string) => `section:${id}:heading`,
  sectionBody: (id: string) => `section:${id}:body`,
  related: (id: string) => `related:${id}`,
  form: "_form",
} as const;

/** Whether the field is rich text (the summary, a section's body), with formatting and citations; the others are plain text. */
export function isRichField(key: string): boolean {
  return key === fieldKey.summary || (key.startsWith("section:") && key.endsWith(":body"));
}

/** The rich-text fields in reading order, the order citations are numbered in: the summary, then each section's body. */
export function richFieldOrder(sectionIds: readonly string[]): string[] {
  return [fieldKey.summary, ...sectionIds.map(fieldKey.sectionBody)];
}

/** Where each list index of a field path points (the ids at each index). */
export type PayloadIndex = { sectionIds: string[]; relatedIds: string[] };

/** Maps an API field path (`sections.1.heading`) to a stable field key. */
export function fieldKeyForPath(path: string, index: PayloadIndex): string {
  const [head, position, leaf] = path.split(".");
  const at = Number(position);
  if (head === "question" || head === "topic" || head === "summary" || head === "claimReviewed" || head === "verdict" || head === "claimAppearance") return head;
  if (head === "sections" && Number.isInteger(at) && index.sectionIds[at]) {
    return leaf === "body" ? fieldKey.sectionBody(index.sectionIds[at]) : fieldKey.sectionHeading(index.sectionIds[at]);
  }
  if (head === "relatedQuestions" && Number.isInteger(at) && index.relatedIds[at]) {
    return fieldKey.related(index.relatedIds[at]);
  }
  return fieldKey.form;
}

