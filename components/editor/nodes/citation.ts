import type { NodeViewRendererProps } from "@tiptap/core";
import { CitationNode } from "@/lib/rich-text-schema";
import { requestCitation } from "../citation-context";
import type { CitationLook, CitationStore } from "../citation-store";
import styles from "../citation.module.css";

/**
 * Draws one citation as `[n]`, numbered across the whole check, with the
 * source's title and publisher in a tooltip shown on hover or when the
 * citation is selected. Plain DOM, redrawn only when what it shows changes:
 * a check's hundreds of citations cost no React render each.
 */
function citationView(store: CitationStore | null, { node }: NodeViewRendererProps) {
  const dom = document.createElement("span");
  dom.className = styles.citation!;
  dom.dataset.citation = "";
  const number = document.createElement("span");
  number.className = styles.number!;
  number.dataset.citationNumber = "";
  number.setAttribute("aria-hidden", "true");
  const tip = document.createElement("span");
  tip.className = styles.tip!;
  tip.setAttribute("role", "tooltip");
  tip.setAttribute("aria-hidden", "true");
  tip.contentEditable = "false";
  dom.append(number, tip);

  let sourceId = "";
  let shown: string | null = null;
  const draw = () => {
    const look: CitationLook = store?.look(sourceId) ?? { n: undefined, label: "Citation", title: "", publisher: null, archived: null, warning: "" };
    const key = JSON.stringify(look);
    if (key === shown) return;
    shown = key;
    number.textContent = `[${look.n ?? "?"}]`;
    dom.setAttribute("aria-label", look.label);
    if (look.warning) dom.dataset.warning = "";
    else delete dom.dataset.warning;
    const lines: HTMLSpanElement[] = [];
    const line = (className: string | undefined, text: string) => {
      const span = document.createElement("span");
      span.className = className ?? "";
      span.textContent = text;
      lines.push(span);
    };
    line(styles.tipTitle, look.title);
    if (look.publisher) line(styles.tipMeta, look.publisher);
    if (look.archived) line(styles.tipMeta, look.archived);
    if (look.warning) line(styles.tipWarning, look.warning);
    tip.replaceChildren(...lines);
  };
  const show = (current: typeof node) => {
    sourceId = typeof current.attrs.sourceId === "string" ? current.attrs.sourceId : "";
    dom.dataset.sourceId = sourceId;
    draw();
  };
  show(node);
  const unsubscribe = store?.subscribe(draw);

  return {
    dom,
    update(next: typeof node) {
      if (next.type !== node.type) return false;
      show(next);
      return true;
    },
    selectNode() {
      dom.dataset.selected = "";
    },
    deselectNode() {
      delete dom.dataset.selected;
    },
    // The view is drawn here, never edited by the person.
    ignoreMutation: () => true,
    destroy() {
      unsubscribe?.();
    },
  };
}

/**
 * The citation node of the shared schema (lib/rich-text-schema.ts) as the
 * editor shows it, numbered from the check's citation store
 * (citation-store.ts). Mod-Shift-K opens the Cite picker.
 */
export const Citation = CitationNode.extend<{ store: CitationStore | null }>({
  addOptions() {
    return { store: null };
  },

  addNodeView() {
    const store = this.options.store;
    return (props) => citationView(store, props);
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
