/**
 * "Changes since your last review": a word diff of two versions of a check,
 * section by section. Sections are matched by id, so a moved or renamed section
 * is still the same section; added and removed ones show whole. Pure (no DOM,
 * no database), so the review page renders it on the server.
 */
import { diffWords } from "diff";
import type { BlockNode, InlineNode, RichDoc, Section } from "./document";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };
export type Change = "added" | "removed" | "changed" | "unchanged";

export type BlockDiff = {
  /** "summary", a section id, or a field name. */
  key: string;
  label: string;
  change: Change;
  /** Section headings (empty for other blocks). */
  heading: DiffPart[];
  body: DiffPart[];
};

/** The parts of a check the diff compares (a subset of the stored content). */
export type DiffableContent = {
  question: string;
  summary: RichDoc;
  sections: Section[];
  relatedQuestions: { id: string; text: string }[];
  claimReviewed?: string | null;
  verdict?: string | null;
};

export type ContentDiff = { blocks: BlockDiff[]; changed: boolean };

/**
 * Readable text of a document for diffing: one line per block, citations named
 * (`[title]`), or written as `cite` gives them (`citationTokens`).
 */
export function diffText(
  doc: RichDoc,
  sourceLabel: (id: string) => string = () => "source",
  cite: (id: string) => string = (id) => `[${sourceLabel(id)}]`,
): string {
  const lines: string[] = [];
  const inline = (node: InlineNode): string =>
    node.type === "text" ? node.text : node.type === "hardBreak" ? "\n" : cite(node.attrs.sourceId);
  const block = (node: BlockNode, lead = "") => {
    if (node.type === "paragraph") lines.push(lead + (node.content ?? []).map(inline).join(""));
    else if (node.type === "blockquote") node.content.forEach((b) => block(b, "> "));
    else node.content.forEach((item, i) => item.content.forEach((b, j) => block(b, j === 0 ? (node.type === "bulletList" ? "• " : `${i + 1}. `) : "  ")));
  };
  (doc?.content ?? []).forEach((b) => block(b));
  return lines.join("\n").trim();
}

const TOKEN_BASE = 0xe000;
const TOKEN_LAST = 0xf8ff;
/** A character standing for a citation in diffed text (Unicode's private use area: never in stored text). */
export const CITATION_TOKEN = /[\ue000-\uf8ff]/u;

/**
 * Citations as one private-use character each, so the word diff sees a citation
 * as one word (the same source on both sides is unchanged; another one is a
 * change) and the page can draw each as readers see it (`[n]`). `ids` are the
 * sources in the order they get their tokens.
 */
export function citationTokens(ids: readonly string[]): { cite: (id: string) => string; sourceOf: (token: string) => string | undefined } {
  const unique = [...new Set(ids)].slice(0, TOKEN_LAST - TOKEN_BASE + 1);
  const tokens = new Map(unique.map((id, i) => [id, String.fromCharCode(TOKEN_BASE + i)]));
  return {
    cite: (id) => tokens.get(id) ?? "[source]",
    sourceOf: (token) => unique[token.charCodeAt(0) - TOKEN_BASE],
  };
}

/** Word-level diff of two strings. */
export function diffParts(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: "same", text: before }] : [];
  return diffWords(before, after).map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

function changeOf(parts: DiffPart[][]): Change {
  return parts.some((list) => list.some((p) => p.kind !== "same")) ? "changed" : "unchanged";
}

function block(key: string, label: string, before: string, after: string, headings?: [string, string]): BlockDiff {
  const heading = headings ? diffParts(headings[0], headings[1]) : [];
  const body = diffParts(before, after);
  return { key, label, change: changeOf([heading, body]), heading, body };
}

/**
 * Compares two versions. `before` null means a first review: everything is new,
 * and the blocks show the current text as added.
 */
export function diffContent(
  before: DiffableContent | null,
  after: DiffableContent,
  sourceLabel?: (id: string) => string,
  cite?: (id: string) => string,
): ContentDiff {
  const text = (doc: RichDoc) => diffText(doc, sourceLabel, cite);
  const blocks: BlockDiff[] = [];
  blocks.push(block("question", "Question", before?.question ?? "", after.question));
  const fields: [keyof DiffableContent & ("claimReviewed" | "verdict"), string][] = [
    ["claimReviewed", "Claim reviewed"],
    ["verdict", "Verdict"],
  ];
  for (const [key, label] of fields) {
    const a = (before?.[key] as string | null | undefined) ?? "";
    const b = (after[key] as string | null | undefined) ?? "";
    if (a || b) blocks.push(block(key, label, a, b));
  }
  blocks.push(block("summary", "Executive summary", before ? text(before.summary) : "", text(after.summary)));

  const old = new Map((before?.sections ?? []).map((s) => [s.id, s]));
  after.sections.forEach((section, index) => {
    const label = `Section ${index + 1}`;
    const prev = old.get(section.id);
    old.delete(section.id);
    if (!prev) {
      const added = block(section.id, label, "", text(section.body), ["", section.heading]);
      blocks.push({ ...added, change: "added" });
    } else {
      blocks.push(block(section.id, label, text(prev.body), text(section.body), [prev.heading, section.heading]));
    }
  });
  for (const prev of old.values()) {
    const removed = block(prev.id, "Removed section", text(prev.body), "", [prev.heading, ""]);
    blocks.push({ ...removed, change: "removed" });
  }

  const related = (c: DiffableContent | null) => (c?.relatedQuestions ?? []).map((q) => q.text).join("\n");
  if (related(before) || related(after)) blocks.push(block("related", "Related questions", related(before), related(after)));

  return { blocks, changed: blocks.some((b) => b.change !== "unchanged") };
}
