import { mergeAttributes, Node } from "@tiptap/core";
import { ReactNodeViewRenderer } from "@tiptap/react";
import { requestCitation } from "../citation-context";
import { CitationView } from "../citation-view";

/**
 * Inline citation atom: `{ type: "citation", attrs: { sourceId } }` (lib/document.ts).
 * The editor shows it as `[n]` through a React node view; the number is
 * computed from the whole check (citation-context.tsx), never stored.
 * Mod-Shift-K opens the Cite picker.
 */
export const Citation = Node.create({
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

  addNodeView() {
    return ReactNodeViewRenderer(CitationView, { as: "span" });
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Shift-k": () => {
        if (!this.editor.isEditable) return false;
        requestCitation(this.editor);
        return true;
      },
    };
  },
});
