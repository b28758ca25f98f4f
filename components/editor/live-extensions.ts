/**
 * What binds one field's editor to the check's live document: Tiptap's
 * Collaboration on the field's fragment, with the check's one undo history
 * (only this person's changes: LiveCheck.undo), the others' carets and
 * selections drawn from awareness (y-tiptap's cursor plugin, with our own
 * label), and this person's presence in the field.
 */
import { Extension, type Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { yCursorPlugin, ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { colorClass } from "@/lib/collab/presence";
import type { LiveCheck, Person } from "./live-check";

/**
 * A remote caret: a coloured bar with the person's name above it. The name is
 * drawn by CSS from an attribute, so it is never part of the field's text
 * (presence is listed in words in the header and on each section).
 */
function caret(user: Partial<Person>): HTMLElement {
  const bar = document.createElement("span");
  bar.className = "live-caret";
  bar.setAttribute("aria-hidden", "true");
  bar.dataset.name = user.name ?? "Someone";
  bar.style.setProperty("--caret-color", user.color ?? "#555555");
  return bar;
}

const LiveCarets = Extension.create<{ live: LiveCheck | null; fragment: Y.XmlFragment | null }>({
  name: "liveCarets",
  addOptions: () => ({ live: null, fragment: null }),
  addProseMirrorPlugins() {
    // Only the presence changes that concern this field (caret-router.ts).
    const awareness = this.options.live && this.options.fragment ? this.options.live.caretsFor(this.options.fragment) : null;
    if (!awareness) return [];
    return [
      yCursorPlugin(awareness, {
        cursorBuilder: (user) => caret(user as Partial<Person>),
        // A class per colour: the page's policy refuses style attributes.
        selectionBuilder: (user) => ({ class: `live-selection ${colorClass((user as Partial<Person>).id ?? "")}` }),
      }),
    ];
  },
});

const FieldPresence = Extension.create<{ live: LiveCheck | null; fieldKey: string }>({
  name: "fieldPresence",
  addOptions: () => ({ live: null, fieldKey: "" }),
  onFocus() {
    this.options.live?.setField(this.options.fieldKey);
  },
  onBlur() {
    const live = this.options.live;
    if (live?.provider.awareness?.getLocalState()?.field === this.options.fieldKey) live.setField(null);
  },
});

/**
 * What reaches the field from the live document (its first drawing as the
 * check opens, another person's change, one from the API, an undo) is shown as
 * it is: no link is made of a URL in it here. Autolinking is for what this
 * person types; done to the others' changes it would change their text on
 * their behalf (a URL written through the API without a link became one as
 * soon as someone opened the check, a change of theirs, saved), and it
 * scanned every field's whole text as the check opened.
 */
const LiveChangesAsTheyAre = Extension.create({
  name: "liveChangesAsTheyAre",
  dispatchTransaction({ transaction, next }) {
    if ((transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) transaction.setMeta("preventAutolink", true);
    next(transaction);
  },
});

export function liveFieldExtensions({ live, fragment, fieldKey }: { live: LiveCheck; fragment: Y.XmlFragment; fieldKey: string }): Extensions {
  return [
    Collaboration.configure({ fragment, yUndoOptions: { undoManager: live.undo } }),
    LiveCarets.configure({ live, fragment }),
    FieldPresence.configure({ live, fieldKey }),
    LiveChangesAsTheyAre,
  ];
}
