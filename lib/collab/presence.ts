/**
 * A person's presence in a check (Yjs awareness): who they are, their colour
 * and the field they are in. The browser says it; the live server lets
 * through only what matches the person the connection signed in as, so no
 * one can appear under another name or draw a caret in a colour not theirs.
 */
import * as decoding from "lib0/decoding";

export type Person = { id: string; name: string; color: string };

/** What one person's presence says (besides the caret, which y-tiptap keeps under "cursor"). */
export type Presence = { user: Person; field: string | null };

export const COLORS = ["#b5179e", "#0b6e99", "#2b8a3e", "#c92a2a", "#5f3dc4", "#a84300", "#0c7c59", "#364fc7"] as const;

function colorIndex(userId: string): number {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % COLORS.length;
}

/** A colour per person, the same in every browser. */
export function colorFor(userId: string): string {
  return COLORS[colorIndex(userId)]!;
}

/** The class that draws things in a person's colour (a selection: the page's policy allows no style attribute). */
export function colorClass(userId: string): string {
  return `live-color-${colorIndex(userId)}`;
}

/** Field keys are short ("summary", "section:<id>:body"). */
const FIELD_LIMIT = 200;

/**
 * Why an awareness update may not come from this person, or null when it may.
 * A browser sends its own state and passes on others' (it answers "who is
 * here?" with everyone it knows): a state of a client the document already
 * knows must keep that client's person; any other state is the sender's own
 * and must be them. A state of null is someone leaving.
 */
export function presenceRefusal(awarenessUpdate: Uint8Array, sender: { id: string; name: string }, knownPerson: (clientId: number) => { id: string; name: string } | undefined): string | null {
  try {
    const decoder = decoding.createDecoder(awarenessUpdate);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder); // clock
      const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
      if (state === null) continue;
      if (typeof state !== "object" || Array.isArray(state)) return "presence is not an object";
      const { user, field } = state as { user?: Partial<Person>; field?: unknown };
      if (user !== undefined) {
        const person = knownPerson(clientId) ?? sender;
        if (user?.id !== person.id || user.name !== person.name) return "presence names someone else";
        if (user.color !== colorFor(person.id)) return "presence has another colour";
      }
      if (field !== undefined && field !== null && (typeof field !== "string" || field.length > FIELD_LIMIT)) return "presence names no field";
    }
    return null;
  } catch {
    return "presence cannot be read";
  }
}
