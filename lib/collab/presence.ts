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

/** What the receiving side already holds of a client's presence: the clock of its last state, and whether another connection speaks for it. */
export type KnownClient = { clock: number; elsewhere: boolean };

/**
 * Why an awareness update may not come from this person, or null when it may.
 * A browser sends its own state, and passes on every state it hears of
 * (others' included): a state no newer than what the receiver holds is
 * ignored there anyway (Yjs awareness applies a client's states in clock
 * order) and is let through. A newer one is the sender's own: it must not be
 * about a client another connection speaks for, and must name the sender, in
 * their colour. A state of null is someone leaving.
 */
export function presenceRefusal(awarenessUpdate: Uint8Array, sender: { id: string; name: string }, known: (clientId: number) => KnownClient | undefined): string | null {
  try {
    const decoder = decoding.createDecoder(awarenessUpdate);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = JSON.parse(decoding.readVarString(decoder)) as unknown;
      const held = known(clientId);
      if (held && clock <= held.clock) continue;
      if (held?.elsewhere) return "presence speaks for another connection";
      if (state === null) continue;
      if (typeof state !== "object" || Array.isArray(state)) return "presence is not an object";
      const { user, field } = state as { user?: Partial<Person>; field?: unknown };
      if (user !== undefined) {
        if (user?.id !== sender.id || user.name !== sender.name) return "presence names someone else";
        if (user.color !== colorFor(sender.id)) return "presence has another colour";
      }
      if (field !== undefined && field !== null && (typeof field !== "string" || field.length > FIELD_LIMIT)) return "presence names no field";
    }
    return null;
  } catch {
    return "presence cannot be read";
  }
}
