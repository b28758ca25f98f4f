/**
 * The editor's working copy of a check, and the pure functions around it:
 * building the PATCH body, mapping the API's field paths back to fields,
 * comparing a kept local copy with the server's, and a plain-text rendering
 * for the "copy my unsaved text" escape hatch.
 */
import type { JSONContent } from "@tiptap/core";
import type { FactCheckDto } from "@/lib/server/fact-checks";

export type DraftSection = { id: string; heading: string; body: JSONContent };
export type DraftRelated = { id: string; text: string };
export type DraftData = {
  question: string;
  topic: string;
  summary: JSONContent;
  sections: DraftSection[];
  relatedQuestions: DraftRelated[];
};

export function fromDto(dto: FactCheckDto): DraftData {
  return {
    question: dto.question,
    topic: dto.topic ?? "",
    summary: dto.summary as JSONContent,
    sections: dto.sections.map((s) => ({ id: s.id, heading: s.heading, body: s.body as JSONContent })),
    relatedQuestions: dto.relatedQuestions.map((q) => ({ id: q.id, text: q.text })),
  };
}

export function emptyEditorDoc(): JSONContent {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** Where each list index of a sent body points, so errors land on the right field after a reorder. */
export type PayloadIndex = { sectionIds: string[]; relatedIds: string[] };

export function toPayload(data: DraftData, version: number): { body: string; index: PayloadIndex } {
  // An empty related question is a row still being typed; the server refuses
  // empty ones, so it stays local until it has text.
  const related = data.relatedQuestions.filter((q) => q.text.trim().length > 0);
  const body = JSON.stringify({
    version,
    question: data.question,
    topic: data.topic,
    summary: data.summary,
    sections: data.sections.map((s) => ({ id: s.id, heading: s.heading, body: s.body })),
    relatedQuestions: related.map((q) => ({ id: q.id, text: q.text })),
  });
  return { body, index: { sectionIds: data.sections.map((s) => s.id), relatedIds: related.map((q) => q.id) } };
}

/** Stable keys for fields, independent of position. */
export const fieldKey = {
  question: "question",
  topic: "topic",
  summary: "summary",
  sectionHeading: (id: string) => `section:${id}:heading`,
  sectionBody: (id: string) => `section:${id}:body`,
  related: (id: string) => `related:${id}`,
  form: "_form",
} as const;

/** Maps an API field path (`sections.1.heading`) to a stable field key. */
export function fieldKeyForPath(path: string, index: PayloadIndex): string {
  const [head, position, leaf] = path.split(".");
  const at = Number(position);
  if (head === "question" || head === "topic" || head === "summary") return head;
  if (head === "sections" && Number.isInteger(at) && index.sectionIds[at]) {
    return leaf === "body" ? fieldKey.sectionBody(index.sectionIds[at]) : fieldKey.sectionHeading(index.sectionIds[at]);
  }
  if (head === "relatedQuestions" && Number.isInteger(at) && index.relatedIds[at]) {
    return fieldKey.related(index.relatedIds[at]);
  }
  return fieldKey.form;
}

// ---------------------------------------------------------------------------
// Comparing a local copy with the server's. The server normalizes what it
// stores (whitespace, link attributes, empty documents), so both sides are
// brought to the same shape first. A false "different" only shows the
// conflict dialog; it never loses text.

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

function canonicalNode(node: JSONContent): unknown {
  const out: Record<string, unknown> = { type: node.type };
  if (typeof node.text === "string") out.text = node.text;
  if (node.type === "citation") out.sourceId = node.attrs?.sourceId ?? null;
  if (node.type === "orderedList") out.start = node.attrs?.start ?? 1;
  if (node.marks?.length) {
    out.marks = node.marks.map((m) => (m.type === "link" ? { type: "link", href: m.attrs?.href } : { type: m.type }));
  }
  if (node.content?.length) out.content = node.content.map(canonicalNode);
  return out;
}

function canonicalDoc(doc: JSONContent | undefined): unknown {
  if (!doc?.content?.length) return canonicalNode(emptyEditorDoc());
  return canonicalNode(doc);
}

function canonical(data: DraftData): string {
  return JSON.stringify({
    question: squash(data.question),
    topic: squash(data.topic),
    summary: canonicalDoc(data.summary),
    sections: data.sections.map((s) => ({ id: s.id, heading: squash(s.heading), body: canonicalDoc(s.body) })),
    related: data.relatedQuestions.map((q) => squash(q.text)).filter(Boolean),
  });
}

export function sameContent(a: DraftData, b: DraftData): boolean {
  return canonical(a) === canonical(b);
}

/** Light shape check for data read back from localStorage. */
export function isDraftData(value: unknown): value is DraftData {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  const isDoc = (d: unknown) => !!d && typeof d === "object" && (d as { type?: unknown }).type === "doc";
  return (
    typeof v.question === "string" &&
    typeof v.topic === "string" &&
    isDoc(v.summary) &&
    Array.isArray(v.sections) &&
    v.sections.every(
      (s) => s && typeof s.id === "string" && typeof s.heading === "string" && isDoc(s.body),
    ) &&
    Array.isArray(v.relatedQuestions) &&
    v.relatedQuestions.every((q) => q && typeof q.id === "string" && typeof q.text === "string")
  );
}

// ---------------------------------------------------------------------------
// Plain text

function inlineText(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  if (node.type === "citation") return "[source]";
  return (node.content ?? []).map(inlineText).join("");
}

function blockText(node: JSONContent, indent = ""): string[] {
  const children = node.content ?? [];
  switch (node.type) {
    case "paragraph":
      return [indent + inlineText(node).replace(/\n/g, `\n${indent}`)];
    case "bulletList":
    case "orderedList": {
      const start = node.type === "orderedList" ? Number(node.attrs?.start ?? 1) : 0;
      return children.flatMap((item, i) => {
        const marker = node.type === "bulletList" ? "• " : `${start + i}. `;
        const lines = (item.content ?? []).flatMap((b) => blockText(b, indent + " ".repeat(marker.length)));
        if (lines.length) lines[0] = indent + marker + lines[0].slice(indent.length + marker.length);
        return lines;
      });
    }
    case "blockquote":
      return children.flatMap((b) => blockText(b, indent)).map((line) => `> ${line}`);
    default:
      return children.length ? children.flatMap((b) => blockText(b, indent)) : [inlineText(node)];
  }
}

export function docToPlainText(doc: JSONContent | undefined): string {
  return (doc?.content ?? []).flatMap((b) => blockText(b)).join("\n").trim();
}

export function toPlainText(data: DraftData): string {
  const parts: string[] = [`Question: ${data.question}`];
  if (data.topic.trim()) parts.push(`Topic: ${data.topic}`);
  parts.push("", "Executive summary", docToPlainText(data.summary) || "(empty)");
  data.sections.forEach((s, i) => {
    parts.push("", `${i + 1}. ${s.heading || "(no heading)"}`, docToPlainText(s.body) || "(empty)");
  });
  const related = data.relatedQuestions.filter((q) => q.text.trim());
  if (related.length) {
    parts.push("", "Want to dive deeper?", ...related.map((q) => `- ${q.text}`));
  }
  return parts.join("\n") + "\n";
}
