/**
 * One fact-check as a live document (a Y.Doc), as the editors in the browser
 * and the live server (lib/server/live-server.ts) share it:
 *
 * - `question`, `topic`: XML fragments of one paragraph of plain text;
 * - `summary`: the executive summary, a rich-text XML fragment;
 * - `sections`: a Y.Array of Y.Maps `{ id, position, heading, body }`, the
 *   heading a plain-text fragment and the body a rich-text one;
 * - `relatedQuestions`: a Y.Array of Y.Maps `{ id, position, text }`;
 * - `claimReviewed`, `claimAppearance`: plain-text fragments, and `claim`, a
 *   Y.Map holding `verdict` (the words of one of the newsroom's verdicts, or
 *   "" for none). A document written before these existed lacks them: an
 *   absent one reads as "not in the live document" (undefined), never as
 *   empty, so a store leaves the stored value alone.
 *
 * Fragments hold ProseMirror documents as y-prosemirror writes them (the
 * schema: lib/rich-text-schema.ts), so Tiptap's Collaboration extension binds
 * to them directly. A list's order is each entry's `position`, a fractional
 * index (ties broken by id): adding, deleting and moving entries are separate
 * operations that merge, and moving a section never copies it, so what someone
 * types in it meanwhile is kept.
 *
 * `contentToDoc` and `docToContent` convert from and to the stored JSON
 * (lib/document.ts). `docToContent` never throws: what it returns is checked
 * by the same validation as any other edit before it is stored.
 */
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import type { Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { emptyDoc, type RelatedQuestion, type RichDoc, type Section } from "@/lib/rich-doc";
import { plainTextSchema, richTextSchema } from "@/lib/rich-text-schema";

/** What the live document holds of a check: the fields its editor edits. */
export type LiveContent = {
  question: string;
  topic: string | null;
  summary: RichDoc;
  sections: Section[];
  relatedQuestions: RelatedQuestion[];
  /** The claim the check reviews, its verdict and where it appeared (undefined: not in this live document). */
  claimReviewed?: string | null;
  verdict?: string | null;
  claimAppearance?: string | null;
};

export const LIVE_FIELDS = ["question", "topic", "summary", "sections", "relatedQuestions", "claimReviewed", "verdict", "claimAppearance"] as const satisfies readonly (keyof LiveContent)[];

/** The plain-text fragments of the claim (besides the verdict, a key of the `claim` map). */
export const CLAIM_FRAGMENTS = ["claimReviewed", "claimAppearance"] as const;

export function claimMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap("claim");
}

type ListName = "sections" | "relatedQuestions";
/** The fragments of one entry of each list, besides its id and position. */
const ENTRY_FRAGMENTS: Record<ListName, readonly string[]> = { sections: ["heading", "body"], relatedQuestions: ["text"] };

export type ListEntry = { id: string; position: string; map: Y.Map<unknown> };

// ---------------------------------------------------------------------------
// Reading

export function listOf(doc: Y.Doc, name: ListName): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(name);
}

/** A list's entries in reading order. Entries without an id (never written by this app) are left out. */
export function orderedEntries(doc: Y.Doc, name: ListName): ListEntry[] {
  const entries: ListEntry[] = [];
  for (const map of listOf(doc, name)) {
    if (!(map instanceof Y.Map)) continue;
    const id = map.get("id");
    if (typeof id !== "string" || id.length === 0) continue;
    const position = map.get("position");
    entries.push({ id, position: typeof position === "string" ? position : "", map });
  }
  return entries.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function fragmentOf(map: Y.Map<unknown>, key: string): Y.XmlFragment | null {
  const value = map.get(key);
  return value instanceof Y.XmlFragment ? value : null;
}

/**
 * The fragment behind an editor field, by the field's stable key: `question`,
 * `topic`, `summary`, `section:<id>:heading`, `section:<id>:body`,
 * `related:<id>` (null when the entry is gone).
 */
export function fieldFragment(doc: Y.Doc, key: string): Y.XmlFragment | null {
  if (key === "question" || key === "topic" || key === "summary" || key === "claimReviewed" || key === "claimAppearance") return doc.getXmlFragment(key);
  const [kind, id, part] = key.split(":");
  const name: ListName | null = kind === "section" ? "sections" : kind === "related" ? "relatedQuestions" : null;
  if (!name || !id) return null;
  const entry = orderedEntries(doc, name).find((e) => e.id === id);
  if (!entry) return null;
  return fragmentOf(entry.map, name === "sections" ? (part === "heading" ? "heading" : "body") : "text");
}

/** The text of a plain-text fragment: its paragraphs' text, joined by spaces (anything but text is skipped). */
export function plainTextOf(fragment: Y.XmlFragment | null): string {
  if (!fragment) return "";
  const parts: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown }[]) if (typeof op.insert === "string") parts.push(op.insert);
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      if (node instanceof Y.XmlElement && parts.length > 0 && node.nodeName === "paragraph") parts.push(" ");
      for (const child of node.toArray()) walk(child);
    }
  };
  walk(fragment);
  return parts.join("");
}

type PmJson = { type?: unknown; text?: unknown; attrs?: Record<string, unknown>; marks?: PmJson[]; content?: PmJson[] };

const markRank = new Map(Object.keys(richTextSchema.marks).map((name, index) => [name, index]));

/**
 * A node as y-prosemirror reads it, in the shape lib/document.ts stores:
 * only the attributes the format has, marks in the schema's order. Anything
 * the format does not know is passed on as it is, for validation to refuse.
 */
function toStoredNode(node: PmJson): unknown {
  const out: Record<string, unknown> = { type: node.type };
  if (node.type === "text") out.text = node.text;
  if (node.type === "citation") out.attrs = { sourceId: node.attrs?.sourceId ?? null };
  else if (node.type === "orderedList") {
    const start = node.attrs?.start;
    if (start !== undefined && start !== null) out.attrs = { start };
  } else if (node.attrs && !["paragraph", "bulletList", "listItem", "blockquote", "hardBreak", "text"].includes(String(node.type))) {
    out.attrs = node.attrs;
  }
  if (node.marks?.length) {
    out.marks = [...node.marks]
      .sort((a, b) => (markRank.get(String(a.type)) ?? 99) - (markRank.get(String(b.type)) ?? 99))
      .map((mark) =>
        mark.type === "link" ? { type: "link", attrs: { href: mark.attrs?.href ?? null } } : mark.type === "bold" || mark.type === "italic" ? { type: mark.type } : mark,
      );
  }
  if (node.content?.length) out.content = node.content.map(toStoredNode);
  return out;
}

/** A rich-text fragment as stored JSON (not yet validated). */
export function richDocOf(fragment: Y.XmlFragment | null): RichDoc {
  if (!fragment || fragment.length === 0) return emptyDoc();
  const json = yXmlFragmentToProsemirrorJSON(fragment) as PmJson;
  return toStoredNode(json) as RichDoc;
}

/** The type that holds a Yjs type (null for a document's own). */
export function parentTypeOf(type: object): object | null {
  return ((type as { _item?: { parent?: unknown } | null })._item?.parent as object | undefined) ?? null;
}

/**
 * Each field's content as last read, until a change reaches the field: for a
 * document read again and again while it changes a little between readings
 * (the live server reads its content at every store), so that a store reads
 * again only the fields that changed. What it returns is shared between
 * readings and must not be changed.
 */
export class ContentMemo {
  private values = new WeakMap<object, unknown>();

  constructor(doc: Y.Doc) {
    // A change anywhere inside a field (a paragraph, its text) makes the field, and what holds it, be read again.
    doc.on("afterTransaction", (transaction: Y.Transaction) => {
      for (const type of transaction.changed.keys()) {
        for (let at: object | null = type; at; at = parentTypeOf(at)) this.values.delete(at);
      }
    });
  }

  read<T>(fragment: Y.XmlFragment | null, compute: (fragment: Y.XmlFragment | null) => T): T {
    if (!fragment) return compute(fragment);
    if (!this.values.has(fragment)) this.values.set(fragment, compute(fragment));
    return this.values.get(fragment) as T;
  }
}

/**
 * The check's content as the live document has it now (validated only when
 * stored); with a `memo` made for this document, unchanged fields are not
 * read again.
 */
export function docToContent(doc: Y.Doc, memo?: ContentMemo): LiveContent {
  const plain = (fragment: Y.XmlFragment | null) => (memo ? memo.read(fragment, plainTextOf) : plainTextOf(fragment));
  const rich = (fragment: Y.XmlFragment | null) => (memo ? memo.read(fragment, richDocOf) : richDocOf(fragment));
  const topic = plain(doc.getXmlFragment("topic"));
  return {
    question: plain(doc.getXmlFragment("question")),
    topic: topic.length ? topic : null,
    summary: rich(doc.getXmlFragment("summary")),
    sections: orderedEntries(doc, "sections").map(({ id, map }) => ({
      id,
      heading: plain(fragmentOf(map, "heading")),
      body: rich(fragmentOf(map, "body")),
    })),
    relatedQuestions: orderedEntries(doc, "relatedQuestions").map(({ id, map }) => ({ id, text: plain(fragmentOf(map, "text")) })),
    claimReviewed: optionalText(doc.getXmlFragment("claimReviewed")),
    verdict: claimMap(doc).has("verdict") ? String(claimMap(doc).get("verdict") ?? "").trim() || null : undefined,
    claimAppearance: optionalText(doc.getXmlFragment("claimAppearance")),
  };
}

/** A plain-text fragment that may be absent (undefined), empty (null) or hold text. */
function optionalText(fragment: Y.XmlFragment): string | null | undefined {
  if (fragment.length === 0) return undefined;
  const text = plainTextOf(fragment).trim();
  return text.length ? text : null;
}

// ---------------------------------------------------------------------------
// Writing

function plainJson(text: string) {
  return { type: "doc", content: [text.length ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" }] };
}

/**
 * Makes a fragment hold `json`, changing only what differs (y-prosemirror's
 * reconciliation), so that what others type elsewhere in the field, and their
 * carets, stay where they are.
 */
function writeFragment(fragment: Y.XmlFragment, schema: Schema, json: unknown): void {
  prosemirrorJSONToYXmlFragment(schema, json, fragment);
}

export function writePlainText(fragment: Y.XmlFragment, text: string): void {
  if (plainTextOf(fragment) === text && fragment.length === 1) return;
  writeFragment(fragment, plainTextSchema, plainJson(text));
}

export function writeRichDoc(fragment: Y.XmlFragment, doc: RichDoc): void {
  writeFragment(fragment, richTextSchema, doc);
}

/** Positions for `count` new entries between two neighbours (null: an end of the list). */
function positionsBetween(before: string | null, after: string | null, count: number): string[] | null {
  try {
    return generateNKeysBetween(before, after, count);
  } catch {
    // Equal or malformed neighbours (two entries added at once at one place): the caller spreads the list anew.
    return null;
  }
}

/** Gives every entry of a list a fresh position in the given order. */
function respread(entries: ListEntry[]): void {
  const keys = generateNKeysBetween(null, null, entries.length);
  entries.forEach((entry, i) => {
    entry.position = keys[i]!;
    entry.map.set("position", entry.position);
  });
}

/** The position for an entry placed at `index` among `others` (in order), spreading them anew if they leave no room. */
function positionAt(others: ListEntry[], index: number): string {
  const at = Math.max(0, Math.min(index, others.length));
  const key = positionsBetween(others[at - 1]?.position ?? null, others[at]?.position ?? null, 1)?.[0];
  if (key !== undefined) return key;
  respread(others);
  return positionsBetween(others[at - 1]?.position ?? null, others[at]?.position ?? null, 1)![0]!;
}

type EntryValues = Record<string, { text: string } | { doc: RichDoc }>;

function fillEntry(map: Y.Map<unknown>, values: EntryValues): void {
  for (const [key, value] of Object.entries(values)) {
    let fragment = fragmentOf(map, key);
    if (!fragment) {
      fragment = new Y.XmlFragment();
      map.set(key, fragment);
    }
    if ("text" in value) writePlainText(fragment, value.text);
    else writeRichDoc(fragment, value.doc);
  }
}

function newEntry(list: Y.Array<Y.Map<unknown>>, id: string, position: string, fragments: readonly string[]): Y.Map<unknown> {
  const map = new Y.Map<unknown>([["id", id], ["position", position], ...fragments.map((key) => [key, new Y.XmlFragment()] as [string, unknown])]);
  list.push([map]);
  return map;
}

function sectionValues(section: Pick<Section, "heading" | "body">): EntryValues {
  return { heading: { text: section.heading }, body: { doc: section.body } };
}

/**
 * Makes a list hold `items` in their order: entries whose id stays are
 * changed in place (only what differs), missing ones deleted, new ones added.
 * Positions change only where the order did.
 */
function writeList<T extends { id: string }>(doc: Y.Doc, name: ListName, items: T[], valuesOf: (item: T) => EntryValues): void {
  const list = listOf(doc, name);
  const wanted = new Set(items.map((item) => item.id));
  // Delete from the end, so earlier indexes stay valid.
  const arr = list.toArray();
  for (let i = arr.length - 1; i >= 0; i--) {
    const id = arr[i]!.get?.("id");
    if (typeof id !== "string" || !wanted.has(id)) list.delete(i, 1);
  }
  const existing = new Map(orderedEntries(doc, name).map((entry) => [entry.id, entry]));
  // Kept entries already in the wanted order keep their positions.
  const kept = items.filter((item) => existing.has(item.id)).map((item) => existing.get(item.id)!);
  const inOrder = kept.every((entry, i) => i === 0 || kept[i - 1]!.position < entry.position);
  if (!inOrder) respread(kept);
  let previous: string | null = null;
  items.forEach((item, index) => {
    const entry = existing.get(item.id);
    if (entry) {
      previous = entry.map.get("position") as string;
    } else {
      const next = items.slice(index + 1).find((later) => existing.has(later.id));
      const after = next ? (existing.get(next.id)!.map.get("position") as string) : null;
      const position = positionsBetween(previous, after, 1)?.[0] ?? generateKeyBetween(previous, null);
      const map = newEntry(list, item.id, position, ENTRY_FRAGMENTS[name]);
      existing.set(item.id, { id: item.id, position, map });
      previous = position;
    }
    fillEntry(existing.get(item.id)!.map, valuesOf(item));
  });
}

/**
 * Writes stored content into a live document, field by field, changing only
 * what differs. Fields left out of `content` are not touched.
 */
export function applyContent(doc: Y.Doc, content: Partial<LiveContent>, origin: unknown = null): void {
  doc.transact(() => {
    if (content.question !== undefined) writePlainText(doc.getXmlFragment("question"), content.question);
    if (content.topic !== undefined) writePlainText(doc.getXmlFragment("topic"), content.topic ?? "");
    if (content.summary !== undefined) writeRichDoc(doc.getXmlFragment("summary"), content.summary);
    if (content.sections !== undefined) writeList(doc, "sections", content.sections, sectionValues);
    if (content.relatedQuestions !== undefined) {
      writeList(doc, "relatedQuestions", content.relatedQuestions, (q) => ({ text: { text: q.text } }));
    }
    for (const key of CLAIM_FRAGMENTS) if (content[key] !== undefined) writePlainText(doc.getXmlFragment(key), content[key] ?? "");
    if (content.verdict !== undefined && claimMap(doc).get("verdict") !== (content.verdict ?? "")) claimMap(doc).set("verdict", content.verdict ?? "");
  }, origin);
}

/** A new live document holding the check's content. */
export function contentToDoc(content: LiveContent, doc: Y.Doc = new Y.Doc()): Y.Doc {
  applyContent(doc, content);
  return doc;
}

// ---------------------------------------------------------------------------
// What editors do to the lists (each one operation that merges with others')

export function insertSection(doc: Y.Doc, { id, index, heading = "", body = emptyDoc() }: { id: string; index: number; heading?: string; body?: RichDoc }, origin: unknown = null): void {
  doc.transact(() => {
    const position = positionAt(orderedEntries(doc, "sections"), index);
    fillEntry(newEntry(listOf(doc, "sections"), id, position, ENTRY_FRAGMENTS.sections), sectionValues({ heading, body }));
  }, origin);
}

export function insertRelatedQuestion(doc: Y.Doc, { id, index, text = "" }: { id: string; index: number; text?: string }, origin: unknown = null): void {
  doc.transact(() => {
    const position = positionAt(orderedEntries(doc, "relatedQuestions"), index);
    fillEntry(newEntry(listOf(doc, "relatedQuestions"), id, position, ENTRY_FRAGMENTS.relatedQuestions), { text: { text } });
  }, origin);
}

/** Moves an entry to `index` (counted in the list without it): only its position changes. */
export function moveEntry(doc: Y.Doc, name: ListName, id: string, index: number, origin: unknown = null): void {
  doc.transact(() => {
    const entries = orderedEntries(doc, name);
    const entry = entries.find((e) => e.id === id);
    if (!entry) return;
    entry.map.set("position", positionAt(entries.filter((e) => e !== entry), index));
  }, origin);
}

export function deleteEntry(doc: Y.Doc, name: ListName, id: string, origin: unknown = null): void {
  doc.transact(() => {
    const list = listOf(doc, name);
    const arr = list.toArray();
    for (let i = arr.length - 1; i >= 0; i--) if (arr[i]!.get?.("id") === id) list.delete(i, 1);
  }, origin);
}
