/**
 * The rendered article's text as lib/anchors.ts sees the stored document:
 * blocks separated by a space, citation numbers (<sup>) and headings left out,
 * whitespace collapsed. Maps between offsets in that text and DOM positions, so
 * a selection becomes a quote with context, and a stored anchor becomes a Range
 * to highlight.
 */
import { CONTEXT_CHARS } from "@/lib/anchors";

const BLOCKS = new Set(["P", "LI", "BLOCKQUOTE", "UL", "OL"]);

type Point = { node: Text; offset: number } | null;

export type PassageText = {
  text: string;
  /** For each character of `text`, where it sits in the DOM (null for a block separator). */
  points: Point[];
};

/** The comment target a DOM node belongs to: "summary", a section id, or null. */
export function sectionOf(node: Node | null): { id: string; element: HTMLElement } | null {
  const el = (node instanceof HTMLElement ? node : node?.parentElement)?.closest<HTMLElement>("section[aria-labelledby]");
  if (!el) return null;
  const label = el.getAttribute("aria-labelledby") ?? "";
  if (label === "summary-heading") return { id: "summary", element: el };
  if (label.startsWith("section-")) return { id: label.slice("section-".length), element: el };
  return null;
}

function skipped(node: Node, root: HTMLElement): boolean {
  for (let el = node.parentElement; el && el !== root; el = el.parentElement) {
    if (el.tagName === "SUP" || /^H[1-6]$/.test(el.tagName)) return true;
  }
  return false;
}

/** Builds the normalized text of a section element, with a DOM point per character. */
export function passageText(root: HTMLElement): PassageText {
  const raw: { ch: string; point: Point }[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (skipped(node, root)) return;
      const value = (node as Text).data;
      for (let i = 0; i < value.length; i++) raw.push({ ch: value[i]!, point: { node: node as Text, offset: i } });
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    if (node.tagName === "BR") raw.push({ ch: " ", point: null });
    node.childNodes.forEach(walk);
    if (BLOCKS.has(node.tagName)) raw.push({ ch: " ", point: null });
  };
  root.childNodes.forEach(walk);

  let text = "";
  const points: Point[] = [];
  for (const { ch, point } of raw) {
    const space = /\s/.test(ch);
    if (space && (text.length === 0 || text.endsWith(" "))) continue;
    text += space ? " " : ch;
    points.push(space ? null : point);
  }
  while (text.endsWith(" ")) {
    text = text.slice(0, -1);
    points.pop();
  }
  return { text, points };
}

/** The offset in `text` of the first character at or after a DOM boundary (a selection's start or end). */
function offsetOf(pt: PassageText, container: Node, offset: number): number {
  const boundary = document.createRange();
  boundary.setStart(container, offset);
  for (let i = 0; i < pt.points.length; i++) {
    const p = pt.points[i];
    if (p && boundary.comparePoint(p.node, p.offset) >= 0) return i;
  }
  return pt.text.length;
}

export type Selected = { sectionId: string; quote: string; prefix: string; suffix: string };

/** The current selection as a quote in one section, or null (nothing selected, or across sections). */
export function selectionInSection(root: HTMLElement): Selected | null {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const start = sectionOf(range.startContainer);
  const end = sectionOf(range.endContainer);
  if (!start || !end || start.element !== end.element) return null;
  const pt = passageText(start.element);
  let from = offsetOf(pt, range.startContainer, range.startOffset);
  let to = offsetOf(pt, range.endContainer, range.endOffset);
  while (from < to && pt.text[from] === " ") from++;
  while (to > from && pt.text[to - 1] === " ") to--;
  if (to <= from) return null;
  return {
    sectionId: start.id,
    quote: pt.text.slice(from, to),
    prefix: pt.text.slice(Math.max(0, from - CONTEXT_CHARS), from),
    suffix: pt.text.slice(to, to + CONTEXT_CHARS),
  };
}

/** A DOM Range over text[start, end) of a section, or null when it cannot be placed. */
export function rangeFor(pt: PassageText, start: number, end: number): Range | null {
  if (pt.text.slice(start, end).length === 0) return null;
  let first: Point = null;
  let last: Point = null;
  for (let i = start; i < end && i < pt.points.length; i++) {
    const p = pt.points[i];
    if (!p) continue;
    first ??= p;
    last = p;
  }
  if (!first || !last) return null;
  const range = document.createRange();
  range.setStart(first.node, first.offset);
  range.setEnd(last.node, last.offset + 1);
  return range;
}

/** The section element for a target id within the article. */
export function sectionElement(root: HTMLElement, sectionId: string): HTMLElement | null {
  const label = sectionId === "summary" ? "summary-heading" : `section-${sectionId}`;
  return root.querySelector<HTMLElement>(`section[aria-labelledby="${CSS.escape(label)}"]`);
}
