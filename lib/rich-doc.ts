/**
 * The fact-check document format's types, limits and the reading of a
 * document, with no validation library: what the browser's editor needs
 * (lib/document.ts adds the validation every stored document passes, with
 * zod, which the editor does not load).
 */

export type Mark =
  | { type: "bold" }
  | { type: "italic" }
  | { type: "link"; attrs: { href: string } };

export type TextNode = { type: "text"; text: string; marks?: Mark[] };
export type CitationNode = { type: "citation"; attrs: { sourceId: string } };
export type HardBreakNode = { type: "hardBreak" };
export type InlineNode = TextNode | CitationNode | HardBreakNode;
export type ParagraphNode = { type: "paragraph"; content?: InlineNode[] };
export type ListItemNode = { type: "listItem"; content: BlockNode[] };
export type BulletListNode = { type: "bulletList"; content: ListItemNode[] };
export type OrderedListNode = { type: "orderedList"; attrs?: { start?: number }; content: ListItemNode[] };
export type BlockquoteNode = { type: "blockquote"; content: BlockNode[] };
export type BlockNode = ParagraphNode | BulletListNode | OrderedListNode | BlockquoteNode;
export type RichDoc = { type: "doc"; content: BlockNode[] };

export type Section = { id: string; heading: string; body: RichDoc };
export type RelatedQuestion = { id: string; text: string };

export const LIMITS = {
  question: 300,
  heading: 200,
  topic: 80,
  relatedQuestion: 300,
  sections: 100,
  relatedQuestions: 20,
  /** Serialized size of one rich-text document. */
  docBytes: 200_000,
  depth: 12,
  linkHref: 2048,
} as const;

const ALLOWED_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** True for absolute http(s)/mailto URLs only; everything else (javascript:, data:, relative) is refused. */
export function isAllowedHref(href: string): boolean {
  if (typeof href !== "string" || href.length === 0 || href.length > LIMITS.linkHref) return false;
  // Control characters and whitespace inside a scheme are a classic filter bypass.
  if (/[\u0000-\u001f\u007f]/.test(href)) return false;
  try {
    const url = new URL(href);
    return ALLOWED_SCHEMES.has(url.protocol);
  } catch {
    return false;
  }
}

export function emptyDoc(): RichDoc {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** Plain text of a document (for search, previews and character counts). */
export function docText(doc: RichDoc | BlockNode | InlineNode): string {
  if (doc.type === "text") return doc.text;
  if (doc.type === "citation" || doc.type === "hardBreak") return " ";
  const parts = ("content" in doc && doc.content ? doc.content : []) as (BlockNode | InlineNode)[];
  const sep = doc.type === "paragraph" ? "" : "\n";
  return parts.map((child) => docText(child)).join(sep);
}

export function isDocEmpty(doc: RichDoc): boolean {
  return docText(doc).trim().length === 0 && !hasNode(doc, "citation");
}

export function hasNode(doc: RichDoc | BlockNode | InlineNode, type: string): boolean {
  if (doc.type === type) return true;
  const children = ("content" in doc && doc.content ? doc.content : []) as (BlockNode | InlineNode)[];
  return children.some((child) => hasNode(child, type));
}
