import { describe, expect, it } from "vitest";
import { Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { colorClass, colorFor, COLORS, presenceRefusal, type KnownClient } from "./presence";

const olu = { id: "3d0b8a8e-0000-4000-8000-000000000001", name: "Olu Owner" };
const cass = { id: "3d0b8a8e-0000-4000-8000-000000000002", name: "Cass Cowriter" };

/** One browser's awareness and an update of its own state. */
function browser(state: Record<string, unknown> | null) {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(state);
  return { awareness, update: () => encodeAwarenessUpdate(awareness, [awareness.clientID]) };
}
const nobodyKnown = () => undefined;

describe("presenceRefusal", () => {
  it("lets a person's own presence through: their name, their colour, a field or none", () => {
    const mine = browser({ user: { ...cass, color: colorFor(cass.id) }, field: "section:abc:body" });
    expect(presenceRefusal(mine.update(), cass, nobodyKnown)).toBeNull();
    expect(presenceRefusal(browser({ user: { ...cass, color: colorFor(cass.id) }, field: null }).update(), cass, nobodyKnown)).toBeNull();
    // Leaving, and a state with a caret only.
    expect(presenceRefusal(browser(null).update(), cass, nobodyKnown)).toBeNull();
    expect(presenceRefusal(browser({ cursor: { anchor: 1, head: 1 } }).update(), cass, nobodyKnown)).toBeNull();
  });

  it("refuses presence under another name or id, in another colour, or with something else as the field", () => {
    expect(presenceRefusal(browser({ user: { ...olu, color: colorFor(olu.id) } }).update(), cass, nobodyKnown)).toBe("presence names someone else");
    expect(presenceRefusal(browser({ user: { id: cass.id, name: "Olu Owner", color: colorFor(cass.id) } }).update(), cass, nobodyKnown)).toBe("presence names someone else");
    expect(presenceRefusal(browser({ user: { ...cass, color: "#000000" } }).update(), cass, nobodyKnown)).toBe("presence has another colour");
    expect(presenceRefusal(browser({ user: { ...cass, color: colorFor(cass.id) }, field: "x".repeat(201) }).update(), cass, nobodyKnown)).toBe("presence names no field");
    expect(presenceRefusal(browser({ user: { ...cass, color: colorFor(cass.id) }, field: 7 }).update(), cass, nobodyKnown)).toBe("presence names no field");
    expect(presenceRefusal(new Uint8Array([5, 1]), cass, nobodyKnown)).toBe("presence cannot be read");
  });

  it("lets a browser pass on others' states it heard, and refuses a newer state for a client another connection speaks for", () => {
    const owners = browser({ user: { ...olu, color: colorFor(olu.id) } });
    const heard = encodeAwarenessUpdate(owners.awareness, [owners.awareness.clientID]);
    const clock = owners.awareness.meta.get(owners.awareness.clientID)!.clock;
    // The server already holds this state of the owner's client: passing it on changes nothing.
    const held = (elsewhere: boolean) => (id: number): KnownClient | undefined => (id === owners.awareness.clientID ? { clock, elsewhere } : undefined);
    expect(presenceRefusal(heard, cass, held(true))).toBeNull();
    // A newer state of that client sent by the co-writer is a forgery, whatever it says.
    owners.awareness.setLocalStateField("field", "summary");
    expect(presenceRefusal(encodeAwarenessUpdate(owners.awareness, [owners.awareness.clientID]), cass, held(true))).toBe("presence speaks for another connection");
    // A client no connection speaks for any more (its person left and comes back) is the sender's, and must be them.
    expect(presenceRefusal(encodeAwarenessUpdate(owners.awareness, [owners.awareness.clientID]), olu, held(false))).toBeNull();
    expect(presenceRefusal(encodeAwarenessUpdate(owners.awareness, [owners.awareness.clientID]), cass, held(false))).toBe("presence names someone else");
  });

  it("gives each person one of the eight colours, and the class that draws it", () => {
    expect(COLORS).toContain(colorFor(olu.id));
    expect(colorFor(olu.id)).toBe(colorFor(olu.id));
    expect(colorClass(olu.id)).toBe(`live-color-${COLORS.indexOf(colorFor(olu.id) as (typeof COLORS)[number])}`);
  });
});
