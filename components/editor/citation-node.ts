import { mergeAttributes, Node } from "@tiptap/core";

/**
 * Inline citation atom: `{ type: "citation", attrs: { sourceId } }` (lib/document.ts).
 * The schema must know this node even before there is a picker to insert it:
 * Tiptap replaces a document that holds an unknown node with an empty one, and
 * autosave would then store that loss. Numbers are computed when rendering, so
 * the editor only shows a neutral marker.
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
    return [
      "span",
      mergeAttributes(HTMLAttributes, { "data-citation": "", class: "citation", title: "Citation" }),
      "[source]",
    ];
  },

  renderText() {
    return "[source]";
  },
});
