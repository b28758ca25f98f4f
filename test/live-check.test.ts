/**
 * The browser's live check (components/editor/live-check.ts) as it opens:
 * the page's state applied before anything listens to the document's
 * updates, the connection held until the editor's fields are on the page
 * when it opened on that state, and its state a new object only for a change
 * (React renders again for each new one). The local copy and the connection
 * are stand-ins here: what is tested is what the live check asks of them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";

const made = vi.hoisted(() => ({
  sockets: [] as { options: { autoConnect?: boolean }; connect: ReturnType<typeof vi.fn> }[],
  providers: [] as { options: Record<string, (...args: never[]) => void> }[],
  localCopies: [] as { doc: Y.Doc; questionAtStart: number; listening: number }[],
}));

vi.mock("@/components/editor/local-copy", () => ({
  LocalCopy: class {
    constructor(_name: string, doc: Y.Doc) {
      // What the document held, and how many listened to its updates, when this browser's copy was made.
      made.localCopies.push({ doc, questionAtStart: doc.getXmlFragment("question").length, listening: (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get("update")?.size ?? 0 });
    }
    on() {}
    store() {}
    destroy() {}
  },
}));

vi.mock("@hocuspocus/provider", () => ({
  HocuspocusProviderWebsocket: class {
    connect = vi.fn(async () => {});
    constructor(readonly options: { autoConnect?: boolean }) {
      made.sockets.push(this);
    }
    destroy() {}
  },
  HocuspocusProvider: class {
    awareness = null;
    isSynced = false;
    constructor(readonly options: Record<string, (...args: never[]) => void>) {
      made.providers.push(this);
    }
    attach() {}
    setAwarenessField() {}
    destroy() {}
  },
}));

const { LiveCheck } = await import("@/components/editor/live-check");

/** A stored live state with a question, as the page gives it: base64. */
function storedState(): string {
  const doc = new Y.Doc();
  const question = doc.getXmlFragment("question");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Do night buses pay?")]);
  question.insert(0, [paragraph]);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64");
}

const me = { id: "u1", name: "Wren Writer", color: "live-color-1" };

beforeEach(() => {
  made.sockets.length = 0;
  made.providers.length = 0;
  made.localCopies.length = 0;
  vi.stubGlobal("window", { location: { protocol: "http:", host: "127.0.0.1:3000" }, localStorage: { getItem: () => null, setItem: () => {} } });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("a live check opening", () => {
  it("opens on the page's state, applied before anything listens to the document's updates, and connects only when asked", () => {
    const check = new LiveCheck("c1", me, { access: "write", state: storedState() });
    expect(check.state.ready).toBe(true);
    expect(check.state.access).toBe("write");
    // This browser's copy was made after the state was in, with nothing listening to updates before it.
    expect(made.localCopies[0]!.questionAtStart).toBe(1);
    expect(made.localCopies[0]!.listening).toBe(0);
    // Held until the editor's fields are on the page, then connected once.
    expect(made.sockets[0]!.options.autoConnect).toBe(false);
    expect(made.sockets[0]!.connect).not.toHaveBeenCalled();
    check.connect();
    check.connect();
    expect(made.sockets[0]!.connect).toHaveBeenCalledTimes(1);
    check.destroy();
  });

  it("without the page's state, connects at once (the connection or this browser's copy opens it)", () => {
    const check = new LiveCheck("c2", me, { access: "write", state: null });
    expect(check.state.ready).toBe(false);
    expect(made.sockets[0]!.options.autoConnect).toBe(true);
    check.connect();
    expect(made.sockets[0]!.connect).not.toHaveBeenCalled();
    check.destroy();
  });

  it("makes a new state only for a change, and tells its listeners only then", () => {
    const check = new LiveCheck("c3", me, { access: "write", state: storedState() });
    const heard = vi.fn();
    check.subscribe(heard);
    const first = check.getState();
    const { onSynced, onStatus, onAuthenticated } = made.providers[0]!.options as unknown as {
      onSynced: () => void;
      onStatus: (event: { status: string }) => void;
      onAuthenticated: (event: { scope: string }) => void;
    };
    // Ready already, with write access: the connection saying so again changes nothing.
    onSynced();
    onAuthenticated({ scope: "read-write" });
    expect(check.getState()).toBe(first);
    expect(heard).not.toHaveBeenCalled();
    onStatus({ status: "connected" });
    expect(check.getState()).not.toBe(first);
    expect(check.getState().connection).toBe("online");
    expect(heard).toHaveBeenCalledTimes(1);
    onStatus({ status: "connected" });
    expect(heard).toHaveBeenCalledTimes(1);
    check.destroy();
  });
});
