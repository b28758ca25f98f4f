import { ReactNodeViewRenderer } from "@tiptap/react";
import { CitationNode } from "@/lib/rich-text-schema";
import { requestCitation } from "../citation-context";
import { CitationView } from "../citation-view";

/**
 * The citation node of the shared schema (lib/rich-text-schema.ts) as the
 * editor shows it: `[n]` through a React node view, the number computed from
 * the whole check (citation-context.tsx). Mod-Shift-K opens the Cite picker.
 */
export const Citation = CitationNode.extend({
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
