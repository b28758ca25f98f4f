/**
 * The one list of what a fact-check rich-text field may contain: the shared
 * schema (lib/rich-text-schema.ts, which mirrors the allowlist in
 * lib/document.ts, so the editor can never produce a document that will not
 * save) with what only the browser needs.
 */
import type { Extensions } from "@tiptap/core";
import { Placeholder, Selection } from "@tiptap/extensions";
import { richTextExtensions } from "@/lib/rich-text-schema";
import type { CitationStore } from "./citation-store";
import { Citation } from "./nodes/citation";

/**
 * `collaborative`: for a field of the live document, whose history is the check's own (live-extensions.ts);
 * `citations`: what the check's citations show (their numbers and sources).
 */
export function factCheckExtensions({ placeholder, collaborative = false, citations = null }: { placeholder?: string; collaborative?: boolean; citations?: CitationStore | null } = {}): Extensions {
  return [
    ...richTextExtensions({ collaborative }).filter((extension) => extension.name !== Citation.name),
    Citation.configure({ store: citations }),
    // Keeps the selected text visible while the link form has focus.
    Selection.configure({ className: "kept-selection" }),
    ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
  ];
}
