/**
 * The one list of what a fact-check rich-text field may contain: the shared
 * schema (lib/rich-text-schema.ts, which mirrors the allowlist in
 * lib/document.ts, so the editor can never produce a document that will not
 * save) with what only the browser needs.
 */
import { getExtensionField, type AnyExtension, type Extensions } from "@tiptap/core";
import { Placeholder, Selection } from "@tiptap/extensions";
import { richTextExtensions } from "@/lib/rich-text-schema";
import type { CitationStore } from "./citation-store";
import { Citation } from "./nodes/citation";

/**
 * The shared schema's extensions, made once for every editor of the page:
 * Tiptap works out each extension's options, schema and plugins from its
 * configuration, and one made per field repeated that work for each of a
 * check's 80-odd editors. A kit (StarterKit: an extension that only adds
 * others) is replaced by the extensions it adds, made once here too, not
 * again by each editor.
 */
const shared = new Map<boolean, Extensions>();
function sharedRichText(collaborative: boolean): Extensions {
  let extensions = shared.get(collaborative);
  if (!extensions) {
    extensions = richTextExtensions({ collaborative })
      .filter((extension) => extension.name !== Citation.name)
      .flatMap((extension) => (extension.name === "starterKit" ? addedBy(extension) : [extension]));
    shared.set(collaborative, extensions);
  }
  return extensions;
}
function addedBy(kit: AnyExtension): Extensions {
  const add = getExtensionField<() => Extensions>(kit, "addExtensions", { name: kit.name, options: kit.options, storage: kit.storage });
  return add();
}

/**
 * `collaborative`: for a field of the live document, whose history is the check's own (live-extensions.ts);
 * `citations`: what the check's citations show (their numbers and sources).
 */
export function factCheckExtensions({ placeholder, collaborative = false, citations = null }: { placeholder?: string; collaborative?: boolean; citations?: CitationStore | null } = {}): Extensions {
  return [
    ...sharedRichText(collaborative),
    Citation.configure({ store: citations }),
    // Keeps the selected text visible while the link form has focus.
    Selection.configure({ className: "kept-selection" }),
    ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
  ];
}
