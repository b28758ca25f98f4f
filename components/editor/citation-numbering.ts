/**
 * Citation numbers for the editor, from the live ProseMirror documents of the
 * summary and the sections. It gathers each field's citations in document
 * order and hands them to `numberCitations` (lib/citations.ts), the function
 * the server renderer uses, so the editor and the published page agree.
 */
import type { Node as PmNode } from "@tiptap/pm/model";
import { numberCitations, type CitableContent, type CitationNumbering } from "@/lib/citations";

/** Source ids of the citation nodes in a ProseMirror document, in document order. */
export function citationIdsOfPmDoc(doc: PmNode): string[] {
  const ids: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === "citation") {
      const id = node.attrs.sourceId;
      if (typeof id === "string" && id) ids.push(id);
      return false;
    }
    return true;
  });
  return ids;
}

const asDoc = (ids: readonly string[] | undefined) => ({
  type: "doc",
  content: (ids ?? []).map((sourceId) => ({ type: "citation", attrs: { sourceId } })),
});

/**
 * Numbers citations across fields: `order` is the summary's key then the
 * section bodies' keys in their current order; `idsByField` holds each
 * field's citations.
 */
export function numberEditorFields(order: readonly string[], idsByField: Readonly<Record<string, readonly string[]>>): CitationNumbering {
  const [summary, ...sections] = order;
  const content: CitableContent = {
    summary: asDoc(summary ? idsByField[summary] : []),
    sections: sections.map((key) => ({ id: key, body: asDoc(idsByField[key]) })),
  };
  return numberCitations(content);
}

export function sameIds(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((id, i) => id === b[i]);
}
