/**
 * The ProseMirror schema of lib/document.ts's format, shared by the browser's
 * editor (components/editor/extensions.ts adds what only a browser needs: the
 * citation's node view, placeholder, kept selection) and the server, which
 * turns stored JSON into live documents and back (lib/collab/document.ts).
 * Both sides must build nodes from the same schema, or the live document would
 * hold attributes one side does not know.
 *
 * Plain-text fields (the question, the topic, headings, related questions) are
 * one paragraph of unmarked text: `plainTextExtensions`.
 */
import { getSchema, mergeAttributes, Node, type Extensions } from "@tiptap/core";
import Document from "@tiptap/extension-document";
import Paragraph from "@tiptap/extension-paragraph";
import Text from "@tiptap/extension-text";
import StarterKit from "@tiptap/starter-kit";
import { isAllowedHref } from "./rich-doc";

/**
 * Inline citation atom: `{ type: "citation", attrs: { sourceId } }`. The
 * editor draws it as `[n]` (components/editor/nodes/citation.ts adds the node
 * view); the number is computed from the whole check, never stored.
 */
export const CitationNode = Node.create({
  name: "citation",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      sourceId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-source-id"),
        renderHTML: (attributes) => ({ "data-source-id": attributes.sourceId }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: "span[data-citation]",
        // A citation without a source is meaningless and the server refuses it.
        getAttrs: (element) => (element.getAttribute("data-source-id") ? null : false),
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    // Used for copy and paste between fields: the node view draws it in the editor.
    return ["span", mergeAttributes(HTMLAttributes, { "data-citation": "" }), "[source]"];
  },

  renderText() {
    return "[source]";
  },
});

/**
 * The nodes and marks of a rich-text field. `collaborative` leaves out the
 * editor's own undo history: a live document has a shared one that undoes
 * only the user's own changes.
 */
export function richTextExtensions({ collaborative = false }: { collaborative?: boolean } = {}): Extensions {
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
      ...(collaborative ? { undoRedo: false as const } : {}),
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
    CitationNode,
  ];
}

/** One line of plain text: a document of exactly one paragraph, no marks. */
export function plainTextExtensions(): Extensions {
  return [Document.extend({ content: "paragraph" }), Paragraph, Text];
}

export const richTextSchema = getSchema(richTextExtensions());
export const plainTextSchema = getSchema(plainTextExtensions());
