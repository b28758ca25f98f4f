/**
 * The one list of what a fact-check rich-text field may contain. It mirrors the
 * allowlist in lib/document.ts (the server refuses anything else), so the
 * editor can never produce a document that will not save. New nodes (e.g. a
 * citation picker's node) are added here, one line each.
 */
import type { Extensions } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Placeholder, Selection } from "@tiptap/extensions";
import { isAllowedHref } from "@/lib/document";
import { Citation } from "./nodes/citation";

export function factCheckExtensions({ placeholder }: { placeholder?: string } = {}): Extensions {
  return [
    StarterKit.configure({
      // Kept: document, paragraph, text, bold, italic, link, bulletList,
      // orderedList, listItem, listKeymap, blockquote, hardBreak, undoRedo,
      // dropcursor, gapcursor, trailingNode.
      heading: false,
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: "https",
        // Same rule as the server: absolute http, https or mailto URLs only.
        // Applies to pasted HTML, autolinks and setLink alike.
        isAllowedUri: (url) => isAllowedHref(url),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    Citation,
    // Keeps the selected text visible while the link form has focus.
    Selection.configure({ className: "kept-selection" }),
    ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
  ];
}
