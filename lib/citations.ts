/**
 * Citation numbering: the one function that turns citation nodes into `[n]`.
 * Numbers follow the order of first citation across the executive summary and
 * then the sections in their current order; a source cited again keeps its
 * number. They are computed from the document every time, never stored, and
 * the editor and the server renderer both call `numberCitations`.
 *
 * Pure and dependency-free so it runs in the browser and on the server.
 */
import type { z } from "zod";
import type { referenceSourceSchema } from "./source-input";

/** The minimum of a rich-text node this module reads (editor JSON and stored JSON both fit). */
export type CitableNode = {
  type?: string;
  attrs?: { sourceId?: unknown } | Record<string, unknown> | null;
  content?: readonly CitableNode[] | null;
};

export type CitableContent = {
  summary: CitableNode | null | undefined;
  sections: readonly { id: string; body: CitableNode | null | undefined }[];
};

export type CitationNumbering = {
  /** Cited source ids in number order: `order[0]` is [1]. */
  order: string[];
  /** Source id → its number (1-based). */
  numbers: Map<string, number>;
};

/** Source ids of the citation nodes of one document, in document order (repeats kept). */
export function citationIdsOf(node: CitableNode | null | undefined, out: string[] = []): string[] {
  if (!node) return out;
  if (node.type === "citation") {
    const id = (node.attrs as { sourceId?: unknown } | null | undefined)?.sourceId;
    if (typeof id === "string" && id.length > 0) out.push(id);
    return out;
  }
  if (node.content) for (const child of node.content) citationIdsOf(child, out);
  return out;
}

/** Numbers the citations of a whole check: summary first, then sections in order. */
export function numberCitations(content: CitableContent): CitationNumbering {
  const ids = citationIdsOf(content.summary);
  for (const section of content.sections) citationIdsOf(section.body, ids);
  return numberIds(ids);
}

/** Numbers a flat list of source ids by first appearance. */
export function numberIds(ids: readonly string[]): CitationNumbering {
  const numbers = new Map<string, number>();
  const order: string[] = [];
  for (const id of ids) {
    if (numbers.has(id)) continue;
    order.push(id);
    numbers.set(id, order.length);
  }
  return { order, numbers };
}

/**
 * What a reference list shows of a cited source (the server loads it; a
 * published version can keep the same shape in its snapshot).
 */
export type ReferenceSource = z.infer<typeof referenceSourceSchema>;

export const SUMMARY_LOCATION = "summary";

/** Where each source is cited: "summary" or a section id, once per (source, location). */
export function citationLocations(content: CitableContent): { sourceId: string; location: string }[] {
  const seen = new Set<string>();
  const out: { sourceId: string; location: string }[] = [];
  const add = (location: string, ids: string[]) => {
    for (const sourceId of ids) {
      const key = `${sourceId}\u0000${location}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ sourceId, location });
    }
  };
  add(SUMMARY_LOCATION, citationIdsOf(content.summary));
  for (const section of content.sections) add(section.id, citationIdsOf(section.body));
  return out;
}

/** Human label of a citation location: "Executive summary" or "Section 2: heading". */
export function locationLabel(location: string, sections: readonly { id: string; heading: string }[]): string {
  if (location === SUMMARY_LOCATION) return "Executive summary";
  const index = sections.findIndex((s) => s.id === location);
  if (index < 0) return "A removed section";
  const heading = sections[index]!.heading.trim();
  return heading ? `Section ${index + 1}: ${heading}` : `Section ${index + 1}`;
}
