/**
 * Anchoring comments to quoted passages. A passage is remembered by its text
 * (the quote) and a little text on either side (prefix, suffix). After edits it
 * is found again: the exact quote where its context matches best; else, when the
 * quote itself was edited, the text between its surviving prefix and suffix if
 * it still resembles the quote. When neither holds the passage is gone and the
 * comment is detached (kept, shown apart, never deleted).
 *
 * Pure: no database, no DOM. The browser computes the same text with
 * `normalizeAnchorText`, so a selection made in the rendered article and the
 * stored document agree on what the passage is.
 */
import type { BlockNode, InlineNode, RichDoc } from "./document";

/** How much context to keep on each side of a passage. */
export const CONTEXT_CHARS = 32;
/** Longest passage one comment can quote. */
export const MAX_QUOTE_CHARS = 1000;

export type Anchor = {
  /** Up to CONTEXT_CHARS characters before the passage. */
  prefix: string;
  /** Up to CONTEXT_CHARS characters after it. */
  suffix: string;
  /** Where the passage starts in the section's anchor text. */
  offset: number;
  /** The passage as it reads now (the comment's `quote` keeps what was first selected). */
  text: string;
};

export type Span = { start: number; end: number };

/** Collapses runs of whitespace to one space and trims: the one text model both sides use. */
export function normalizeAnchorText(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * The plain text of a rich-text document as anchors see it: blocks separated by
 * a space, citations contributing nothing (their numbers are rendered, not stored),
 * whitespace collapsed.
 */
export function anchorText(doc: RichDoc): string {
  const parts: string[] = [];
  const inline = (node: InlineNode) => {
    if (node.type === "text") parts.push(node.text);
    else if (node.type === "hardBreak") parts.push(" ");
  };
  const block = (node: BlockNode) => {
    if (node.type === "paragraph") (node.content ?? []).forEach(inline);
    else if (node.type === "bulletList" || node.type === "orderedList") node.content.forEach((item) => item.content.forEach(block));
    else if (node.type === "blockquote") node.content.forEach(block);
    parts.push(" ");
  };
  (doc?.content ?? []).forEach(block);
  return normalizeAnchorText(parts.join(""));
}

/** Builds the anchor of text[start, end). */
export function createAnchor(text: string, span: Span): Anchor {
  return {
    prefix: text.slice(Math.max(0, span.start - CONTEXT_CHARS), span.start),
    suffix: text.slice(span.end, span.end + CONTEXT_CHARS),
    offset: span.start,
    text: text.slice(span.start, span.end),
  };
}

/** Length of the common ending of a and b. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Length of the common beginning of a and b. */
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/**
 * Where a quote sits in `text`, given the context it was seen in: among exact
 * occurrences, the one whose surroundings match the prefix and suffix best
 * (ties go to the one nearest the old offset). Null when the quote is absent.
 */
export function locateQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; offset?: number } = {},
): Span | null {
  const hits = occurrences(text, quote);
  if (hits.length === 0) return null;
  const prefix = context.prefix ?? "";
  const suffix = context.suffix ?? "";
  let best = hits[0]!;
  let bestScore = -Infinity;
  for (const start of hits) {
    const before = text.slice(Math.max(0, start - prefix.length), start);
    const after = text.slice(start + quote.length, start + quote.length + suffix.length);
    const score =
      commonSuffix(before, prefix) + commonPrefix(after, suffix) - (context.offset === undefined ? 0 : Math.abs(start - context.offset) / 1e6);
    if (score > bestScore) {
      best = start;
      bestScore = score;
    }
  }
  return { start: best, end: best + quote.length };
}

/** Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g) ?? 0;
    if (n > 0) {
      shared++;
      grams.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/** Positions where the passage may begin: just after the longest surviving tail of the prefix. */
function candidateStarts(text: string, prefix: string): number[] {
  if (!prefix) return [0];
  for (let k = prefix.length; k >= Math.min(6, prefix.length); k--) {
    const tail = prefix.slice(prefix.length - k);
    const found = occurrences(text, tail).map((at) => at + tail.length);
    if (found.length) return found;
  }
  return [];
}

/** Where the passage may end, at or after `start`: just before the longest surviving head of the suffix. */
function candidateEnd(text: string, suffix: string, start: number): number | null {
  if (!suffix) return text.length;
  for (let k = suffix.length; k >= Math.min(6, suffix.length); k--) {
    const at = text.indexOf(suffix.slice(0, k), start);
    if (at !== -1) return at;
  }
  return null;
}

/** The passage between what is left of the prefix and the suffix, when the quote itself was edited. */
function locateByContext(text: string, anchor: Anchor): Span | null {
  let best: Span | null = null;
  let bestScore = 0;
  for (const start of candidateStarts(text, anchor.prefix)) {
    const end = candidateEnd(text, anchor.suffix, start);
    if (end === null) continue;
    const raw = text.slice(start, end);
    const candidate = raw.trim();
    if (!candidate) continue; // prefix and suffix meet: the passage was deleted
    if (candidate.length > anchor.text.length * 2 + 80) continue;
    const score = similarity(candidate, anchor.text);
    if (score > bestScore) {
      const lead = raw.length - raw.trimStart().length;
      best = { start: start + lead, end: start + lead + candidate.length };
      bestScore = score;
    }
  }
  // An edited passage must still resemble the old one; a rewrite counts as a deletion.
  return best && bestScore >= 0.5 ? best : null;
}

/**
 * Finds a stored anchor in the current text. Returns the new anchor (context
 * refreshed, so it keeps following the passage edit after edit), or null when
 * the passage is gone.
 */
export function reanchor(text: string, anchor: Anchor): Anchor | null {
  const span = locateQuote(text, anchor.text, anchor) ?? locateByContext(text, anchor);
  return span ? createAnchor(text, span) : null;
}
