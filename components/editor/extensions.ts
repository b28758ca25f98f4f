/**
 * The one list of what a fact-check rich-text field may contain: the shared
 * schema (lib/rich-text-schema.ts, which mirrors the allowlist in
 * lib/document.ts, so the editor can never produce a document that will not
 * save) with what only the browser needs.
 */
import type { Extensions } from "@tiptap/core";
import { Placeholder, Selection } from "@tiptap/extensions";
import { richTextExtensions } from "@/lib/rich-text-schema";
import { Citation } from "./nodes/citation";

export function factCheckExtensions({ placeholder }: { placeholder?: string } = {}): Extensions {
  return [
    ...richTextExtensions().filter((extension) => extension.name !== Citation.name),
    Citation,
    // Keeps the selected text visible while the link form has focus.
    Selection.configure({ className: "kept-selection" }),
    ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
  ];
}
