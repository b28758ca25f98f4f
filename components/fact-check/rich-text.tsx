/**
 * Server renderer for stored rich text. It walks the JSON and emits React
 * elements for allowlisted nodes and marks only; link targets are checked again
 * here (http, https, mailto), so nothing stored can inject markup or script.
 * Unknown nodes render their text content, or nothing.
 */
import { createElement, type ReactNode } from "react";
import { isAllowedHref, type BlockNode, type InlineNode, type Mark, type RichDoc } from "@/lib/rich-doc";

export type CitationRenderer = (sourceId: string, key: string) => ReactNode;

type Ctx = { renderCitation?: CitationRenderer; inertLinks?: boolean };

/**
 * `inertLinks`: links drawn as links but going nowhere (an `<a>` without its
 * target), for text shown where a click means a place in it, as in the
 * editor's first view (components/editor/first-view.tsx).
 */
export function RichText({ doc, renderCitation, inertLinks }: { doc: RichDoc; renderCitation?: CitationRenderer; inertLinks?: boolean }) {
  const ctx: Ctx = { renderCitation, inertLinks };
  return <>{(doc?.content ?? []).map((node, i) => renderBlock(node, `${i}`, ctx))}</>;
}

function renderBlock(node: BlockNode, key: string, ctx: Ctx): ReactNode {
  const children = (node as { content?: unknown[] }).content ?? [];
  switch (node.type) {
    case "paragraph":
      // Inline nodes as the paragraph's own children: text stays plain strings, with no
      // wrapper or key, which keeps the HTML and the page's RSC payload close to the text.
      return createElement("p", { key }, ...(children as InlineNode[]).map((c, i) => renderInline(c, `${key}.${i}`, ctx)));
    case "bulletList":
      return <ul key={key}>{node.content.map((item, i) => <li key={i}>{item.content.map((b, j) => renderBlock(b, `${key}.${i}.${j}`, ctx))}</li>)}</ul>;
    case "orderedList": {
      const start = typeof node.attrs?.start === "number" && node.attrs.start !== 1 ? node.attrs.start : undefined;
      return (
        <ol key={key} start={start}>
          {node.content.map((item, i) => <li key={i}>{item.content.map((b, j) => renderBlock(b, `${key}.${i}.${j}`, ctx))}</li>)}
        </ol>
      );
    }
    case "blockquote":
      return <blockquote key={key}>{node.content.map((b, i) => renderBlock(b, `${key}.${i}`, ctx))}</blockquote>;
    default:
      return null;
  }
}

function renderInline(node: InlineNode, key: string, ctx: Ctx): ReactNode {
  switch (node.type) {
    case "text":
      return applyMarks(node.text, node.marks ?? [], ctx);
    case "hardBreak":
      return <br />;
    case "citation":
      return ctx.renderCitation ? ctx.renderCitation(node.attrs.sourceId, key) : null;
    default:
      return null;
  }
}

function applyMarks(text: string, marks: Mark[], ctx: Ctx): ReactNode {
  let out: ReactNode = text;
  // Links outermost so bold/italic sit inside the anchor.
  const ordered = [...marks].sort((a, b) => (a.type === "link" ? 1 : 0) - (b.type === "link" ? 1 : 0));
  for (const mark of ordered) {
    if (mark.type === "bold") out = <strong>{out}</strong>;
    else if (mark.type === "italic") out = <em>{out}</em>;
    else if (mark.type === "link" && ctx.inertLinks) out = <a>{out}</a>;
    else if (mark.type === "link" && isAllowedHref(mark.attrs?.href)) {
      out = (
        <a href={mark.attrs.href} rel="noopener noreferrer nofollow">
          {out}
        </a>
      );
    }
  }
  return out;
}
