/**
 * Tells each field's caret drawing (y-tiptap's cursor plugin) only about the
 * presence changes that concern it. The plugin redraws the others' carets in
 * its field on every change of anyone's presence, this person's own included
 * (their caret moves with every key): in a check of 40 sections, each key
 * pressed made some 90 editors redraw. Here a change reaches a field only
 * when someone else's caret enters it, moves in it or leaves it, which is
 * exactly when its drawing can change (this person's own caret is never drawn).
 */
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { parentTypeOf } from "@/lib/collab/document";

type Change = { added: number[]; updated: number[]; removed: number[] };
type Listener = (change: Change, origin: unknown) => void;
type Cursor = { anchor?: unknown; head?: unknown } | null | undefined;

/** The field (a fragment that is not an element) a caret's position is in, or null. */
function fieldOf(doc: Y.Doc, cursor: Cursor): object | null {
  if (!cursor?.head) return null;
  let position: Y.AbsolutePosition | null = null;
  try {
    position = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), doc);
  } catch {
    return null;
  }
  let type: object | null = position?.type ?? null;
  while (type && !(type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement))) type = parentTypeOf(type);
  return type;
}

export class CaretRouter {
  /** Each other client's caret as last seen (resolved again at each change: the text it points into may have arrived since). */
  private cursors = new Map<number, Cursor>();
  private listeners = new Map<object, Set<Listener>>();

  constructor(
    private readonly awareness: Awareness,
    private readonly doc: Y.Doc,
  ) {
    for (const [id, state] of awareness.getStates()) if (id !== doc.clientID) this.cursors.set(id, (state as { cursor?: Cursor }).cursor ?? null);
    awareness.on("change", this.onChange);
  }

  private onChange = (change: Change, origin: unknown) => {
    const touched = new Set<object>();
    const states = this.awareness.getStates();
    const note = (cursor: Cursor) => {
      const field = fieldOf(this.doc, cursor);
      if (field) touched.add(field);
    };
    let everywhere = false;
    for (const id of [...change.added, ...change.updated, ...change.removed]) {
      if (id === this.doc.clientID) continue;
      // Someone whose caret was never seen here may be drawn anywhere: every field looks again.
      if (!this.cursors.has(id) && !change.added.includes(id)) everywhere = true;
      note(this.cursors.get(id));
      const now = (states.get(id) as { cursor?: Cursor } | undefined)?.cursor ?? null;
      note(now);
      if (states.has(id)) this.cursors.set(id, now);
      else this.cursors.delete(id);
    }
    for (const [field, listeners] of this.listeners) if (everywhere || touched.has(field)) for (const listener of listeners) listener(change, origin);
  };

  /** The awareness as one field's caret plugin should see it: its "change" events are those that concern the field. */
  forField(fragment: Y.XmlFragment): Awareness {
    const { awareness, listeners } = this;
    return new Proxy(awareness, {
      get(target, property) {
        if (property === "on" || property === "off") {
          return (event: string, listener: Listener) => {
            if (event !== "change") return property === "on" ? target.on(event as "update", listener) : target.off(event as "update", listener);
            let set = listeners.get(fragment);
            if (property === "on") {
              if (!set) listeners.set(fragment, (set = new Set()));
              set.add(listener);
            } else {
              set?.delete(listener);
              if (set?.size === 0) listeners.delete(fragment);
            }
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  destroy() {
    this.awareness.off("change", this.onChange);
    this.listeners.clear();
  }
}
