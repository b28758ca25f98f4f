/**
 * The check's citations as its live document holds them when the editor
 * opens, field by field: the numbering starts complete, before the fields'
 * editors are made (a few at a time: mount-queue.tsx), and does not change as
 * each one arrives and reports the same (citation-context.tsx). Apart from
 * citation-numbering.ts, which the page's first view needs without Yjs.
 */
import * as Y from "yjs";
import { orderedEntries } from "@/lib/collab/document";
import { fieldKey, richFieldOrder } from "./field-keys";

/** Source ids of the citations in a field of the live document, in document order: what its editor's `citationIdsOfPmDoc` reads once made. */
export function citationIdsOfFragment(fragment: Y.XmlFragment, out: string[] = []): string[] {
  for (const node of fragment.toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    if (node.nodeName !== "citation") citationIdsOfFragment(node, out);
    else {
      const id = node.getAttribute("sourceId");
      if (typeof id === "string" && id) out.push(id);
    }
  }
  return out;
}

export type FieldCitations = { order: string[]; idsByField: Record<string, string[]> };

/**
 * The rich-text fields of the live document in reading order (the summary,
 * then each section's body) and the citations in each: what their editors
 * report once made, read from the document itself, so the numbering is
 * complete before any editor is and does not change as each one arrives.
 */
export function citationsOfDoc(doc: Y.Doc): FieldCitations {
  const sections = orderedEntries(doc, "sections");
  const idsByField: Record<string, string[]> = { [fieldKey.summary]: citationIdsOfFragment(doc.getXmlFragment(fieldKey.summary)) };
  for (const { id, map } of sections) {
    const body = map.get("body");
    idsByField[fieldKey.sectionBody(id)] = body instanceof Y.XmlFragment ? citationIdsOfFragment(body) : [];
  }
  return { order: richFieldOrder(sections.map((section) => section.id)), idsByField };
}
