/**
 * The fact-check document format (a contract shared by the editor, the API and
 * the server renderer): Tiptap/ProseMirror JSON restricted to an allowlist of
 * nodes, marks and URL schemes. Everything that enters the database passes
 * through `parseRichDoc`; nothing else is trusted.
 */
import { z } from "zod";

import { emptyDoc, isAllowedHref, LIMITS, type BlockNode, type InlineNode, type ListItemNode, type Mark, type ParagraphNode, type RichDoc } from "./rich-doc";

export * from "./rich-doc";

const markSchema: z.ZodType<Mark> = z.discriminatedUnion("type", [
  z.object({ type: z.literal("bold") }).strict(),
  z.object({ type: z.literal("italic") }).strict(),
  z
    .object({
      type: z.literal("link"),
      attrs: z
        .object({ href: z.string().refine(isAllowedHref, "Links must be http, https or mailto URLs") })
        // Tiptap adds target/rel/class; they are dropped, never stored.
        .passthrough()
        .transform(({ href }) => ({ href })),
    })
    .strict(),
]);

const inlineSchema: z.ZodType<InlineNode> = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("text"),
      text: z.string().min(1),
      marks: z.array(markSchema).max(3).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("citation"),
      attrs: z.object({ sourceId: z.string().min(1).max(64) }).strict(),
    })
    .strict(),
  z.object({ type: z.literal("hardBreak") }).strict(),
]);

const paragraphSchema = z
  .object({ type: z.literal("paragraph"), content: z.array(inlineSchema).optional(), attrs: z.object({}).passthrough().optional() })
  .strict()
  .transform(({ type, content }): ParagraphNode => (content?.length ? { type, content } : { type }));

const blockSchema: z.ZodType<BlockNode> = z.lazy(() =>
  z.union([
    paragraphSchema,
    z.object({ type: z.literal("bulletList"), content: z.array(listItemSchema).min(1) }).strict(),
    z
      .object({
        type: z.literal("orderedList"),
        attrs: z
          .object({ start: z.number().int().min(0).max(100_000).optional() })
          .passthrough()
          .transform(({ start }) => (start === undefined ? {} : { start }))
          .optional(),
        content: z.array(listItemSchema).min(1),
      })
      .strict(),
    z.object({ type: z.literal("blockquote"), content: z.array(blockSchema).min(1) }).strict(),
  ]),
);

const listItemSchema: z.ZodType<ListItemNode> = z.lazy(() =>
  z.object({ type: z.literal("listItem"), content: z.array(blockSchema).min(1) }).strict(),
);

export const richDocSchema = z
  .object({ type: z.literal("doc"), content: z.array(blockSchema) })
  .strict()
  .transform((doc): RichDoc => (doc.content.length ? doc : emptyDoc()));

/**
 * The nesting of a document, in levels of `content` (doc > list > item > paragraph…),
 * counted without recursion and only until it passes the limit.
 */
function depthOf(value: unknown): number {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let max = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    max = Math.max(max, depth);
    if (max > LIMITS.depth) return max;
    if (current && typeof current === "object" && "content" in current && Array.isArray(current.content)) {
      for (const child of current.content) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return max;
}

/** Deeper than any document's JSON can be (two levels per `content` level, a few for marks). */
const JSON_MAX_DEPTH = 64;

/** Whether the JSON nests deeper than JSON_MAX_DEPTH anywhere (attributes included), counted without recursion. */
function jsonTooDeep(value: unknown): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (!current || typeof current !== "object") continue;
    if (depth > JSON_MAX_DEPTH) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates untrusted rich-text JSON (an object or a JSON string) against the allowlist. */
export function parseRichDoc(input: unknown): ParseResult<RichDoc> {
  let value = input;
  if (typeof input === "string") {
    if (input.length > LIMITS.docBytes) return { ok: false, message: "Text is too long" };
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, message: "Malformed rich-text JSON" };
    }
  }
  // Before anything recursive (JSON.stringify, the schema) walks it: thousands of levels exhaust the stack.
  if (jsonTooDeep(value) || depthOf(value) > LIMITS.depth) return { ok: false, message: "Rich text is nested too deeply" };
  if (typeof input !== "string" && JSON.stringify(input ?? null).length > LIMITS.docBytes) {
    return { ok: false, message: "Text is too long" };
  }
  const parsed = richDocSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: describeDocIssue(parsed.error) };
  return { ok: true, value: parsed.data };
}

function describeDocIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid rich text";
  // A refusal with a message of its own (a bad link) sits inside the unions' nested errors.
  const specific = findCustomMessage(error.issues);
  if (specific) return specific;
  if (issue.code === "invalid_union" || issue.code === "invalid_value") {
    return "Rich text contains an unsupported element";
  }
  if (issue.code === "unrecognized_keys") return "Rich text contains unsupported attributes";
  return issue.message && !issue.message.startsWith("Invalid input") ? issue.message : "Invalid rich text";
}

function findCustomMessage(issues: readonly z.core.$ZodIssue[]): string | undefined {
  for (const issue of issues) {
    if (issue.code === "custom" && issue.message) return issue.message;
    if (issue.code === "invalid_union") {
      for (const branch of issue.errors) {
        const found = findCustomMessage(branch);
        if (found) return found;
      }
    }
  }
  return undefined;
}

