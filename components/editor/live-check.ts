/**
 * One check's live document in the browser: the Y.Doc (lib/collab/document.ts),
 * one Hocuspocus provider on the app's own `/collab` WebSocket, a copy in
 * IndexedDB (local-copy.ts) so that edits made offline survive a reload and
 * merge when the connection is back, presence (who is in, in which field,
 * where their caret is: Yjs awareness), and one undo history for every field
 * that undoes only this person's own changes.
 *
 * The React side reads `state` through `subscribe` (useSyncExternalStore):
 * it changes on connection, access, stores and refusals, never on keystrokes.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { CLAIM_FRAGMENTS, claimMap, listOf, plainTextOf } from "@/lib/collab/document";
import { colorFor, type Person, type Presence } from "@/lib/collab/presence";
import { liveUrl } from "@/lib/live-endpoint.mjs";
import { LOCAL_COPY_PREFIX, markUnsent, unsentChecks } from "@/lib/local-copies";
import type { LiveMessage, LiveOpening } from "@/lib/collab/messages";
import { CaretRouter } from "./caret-router";
import { LocalCopy } from "./local-copy";

/** The transaction origin of this person's own changes to the lists (add, move, delete): undoable like their typing. */
export const LOCAL_ORIGIN = { local: true };

/** The transaction origin of the state the page came with: the server's, not this person's changes. */
const OPENING_ORIGIN = { opening: true };

function fromBase64(text: string): Uint8Array {
  // Where the browser has it (Chromium 140, Firefox 133, Safari 18.2), its own decoder.
  const native = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type { Person, Presence };
export { colorFor };

export type LiveState = {
  connection: "connecting" | "online" | "offline";
  /** What the server allows this connection: null until it answered. */
  access: "write" | "read" | "denied" | null;
  /** The document is here (from the server, or from this browser's copy): the editor may show it. */
  ready: boolean;
  /** Changes of this browser the server has not acknowledged yet. */
  unsynced: number;
  /** When the server last wrote the check's content, and the version it wrote. */
  stored: { at: Date; version: number } | null;
  /** Why the server did not store the last changes of this person, per field key too. */
  refusal: (LiveMessage & { type: "refused" }) | null;
  /** The last changes reached the document, but the check may not be changed now. */
  notStored: boolean;
  /** This person changed the document since the server last said it stored it. */
  pending: boolean;
  /** Counts the changes of the check's comments heard since it was opened (the page shows them anew). */
  comments: number;
};

/** Keeps a deletion or a move one undo step of its own, apart from the typing around it. */
export class SharedUndoManager extends Y.UndoManager {
  /** Each field's editor would destroy the manager it was given when it unmounts: only the check's end does. */
  override destroy(): void {}
  dispose(): void {
    super.destroy();
  }
}

export class LiveCheck {
  readonly doc = new Y.Doc();
  readonly socket: HocuspocusProviderWebsocket;
  readonly provider: HocuspocusProvider;
  readonly local: LocalCopy;
  readonly undo: SharedUndoManager;
  private carets: CaretRouter | null = null;
  private listeners = new Set<() => void>();
  /** This browser changed the check and the server has not confirmed it all since (kept across reloads: lib/local-copies.ts). */
  private unsent: boolean;
  state: LiveState = { connection: "connecting", access: null, ready: false, unsynced: 0, stored: null, refusal: null, notStored: false, pending: false, comments: 0 };

  constructor(readonly checkId: string, readonly me: Person, opening: LiveOpening | null = null) {
    this.unsent = unsentChecks().some((entry) => entry.id === checkId);
    if (opening?.state) {
      // The stored state the page came with (lib/server/live-documents.ts, getLiveOpening): the editor opens
      // on it as on this browser's own copy, without waiting for the connection, which brings what is newer.
      // Applied before anything listens to the document's updates, so that Yjs does not write the whole state
      // out again as an update for them (10 ms and more for a long check). This browser's copy stores the
      // document's state as a whole as it opens (local-copy.ts), the opening's included.
      Y.applyUpdate(this.doc, fromBase64(opening.state), OPENING_ORIGIN);
      if (this.doc.getXmlFragment("question").length > 0) this.state = { ...this.state, ready: true, access: opening.access };
    }
    this.local = new LocalCopy(`${LOCAL_COPY_PREFIX}${checkId}`, this.doc);
    this.local.on("synced", () => {
      // A copy kept in this browser opens the editor even offline.
      if (this.doc.getXmlFragment("question").length > 0) this.set({ ready: true });
    });
    this.keepOthersChangesInBatches();
    // Opened on the page's state, the check connects once its fields are on the page (`connect`): the
    // connection's first answers (status, access, presence) changed what the editor's first render read,
    // and React then rendered all of it again at once, a long task, rather than in slices.
    this.waitsToConnect = this.state.ready;
    this.socket = new HocuspocusProviderWebsocket({ url: liveUrl(window.location), autoConnect: !this.waitsToConnect });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: checkId,
      document: this.doc,
      onStatus: ({ status }) => this.set({ connection: status === "connected" ? "online" : status === "connecting" ? "connecting" : "offline" }),
      onAuthenticated: ({ scope }) => this.set({ access: scope === "read-write" ? "write" : "read" }),
      onAuthenticationFailed: () => this.set({ access: "denied" }),
      onSynced: () => this.set({ ready: true }),
      onUnsyncedChanges: ({ number }) => this.set({ unsynced: number }),
      onStateless: ({ payload }) => this.receive(payload),
    });
    this.provider.attach();
    // Once per burst of typing, not per keystroke: only the first change after a store changes the state.
    this.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider || origin === this.local || origin === OPENING_ORIGIN) return;
      if (!this.state.pending) this.set({ pending: true });
      if (!this.unsent) {
        this.unsent = true;
        markUnsent({ id: checkId, question: plainTextOf(this.doc.getXmlFragment("question")) }, true);
      }
    });
    this.provider.setAwarenessField("user", me);
    this.provider.setAwarenessField("field", null);
    this.undo = new SharedUndoManager(
      [
        ...["question", "topic", "summary", ...CLAIM_FRAGMENTS].map((name) => this.doc.getXmlFragment(name)),
        claimMap(this.doc),
        listOf(this.doc, "sections"),
        listOf(this.doc, "relatedQuestions"),
      ],
      { trackedOrigins: new Set([ySyncPluginKey, LOCAL_ORIGIN]) },
    );
  }

  /**
   * This browser's copy takes this person's changes at once and everyone else's (already on the server) merged,
   * once a second: one IndexedDB transaction per remote keystroke was a quarter of the page's work with ten
   * people typing.
   */
  private keepOthersChangesInBatches() {
    let waiting: Uint8Array[] = [];
    const flush = () => {
      if (this.othersFlush) clearTimeout(this.othersFlush);
      this.othersFlush = null;
      if (waiting.length === 0) return;
      const merged = waiting.length === 1 ? waiting[0]! : Y.mergeUpdates(waiting);
      waiting = [];
      this.local.store(merged);
    };
    this.flushOthers = flush;
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this.local) return;
      if (origin === this.provider) {
        waiting.push(update);
        this.othersFlush ??= setTimeout(flush, 1000);
        return;
      }
      flush();
      this.local.store(update);
    });
  }

  /** Opened without the connection: it waits for `connect`. */
  private waitsToConnect: boolean;

  /** Connects, if the check opened without waiting for the connection: once the editor's fields are on the page. */
  connect() {
    if (!this.waitsToConnect) return;
    this.waitsToConnect = false;
    void this.socket.connect();
  }

  private othersFlush: ReturnType<typeof setTimeout> | null = null;
  private flushOthers = () => {};

  private receive(payload: string) {
    let message: LiveMessage;
    try {
      message = JSON.parse(payload) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === "access") this.set({ access: message.readOnly ? "read" : "write" });
    else if (message.type === "stored") this.set({ stored: { at: new Date(), version: message.version }, refusal: null, notStored: false, pending: false });
    else if (message.type === "refused") this.set({ refusal: message });
    else if (message.type === "read-only") this.set({ notStored: true });
    else if (message.type === "comments") this.set({ comments: this.state.comments + 1 });
  }

  private set(change: Partial<LiveState>) {
    // A new state only for a change: React renders again for a new one, and all of the editor at once if it
    // comes while the editor's first render is under way (this browser's copy saying it is ready, say).
    const changed = (Object.keys(change) as (keyof LiveState)[]).some((key) => !Object.is(this.state[key], change[key]));
    if (changed) this.state = { ...this.state, ...change };
    if (this.unsent && this.state.connection === "online" && this.state.unsynced === 0 && this.provider?.isSynced) {
      this.unsent = false;
      markUnsent({ id: this.checkId, question: "" }, false);
    }
    if (changed) for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = () => this.state;

  /** Says which field this person is in (null: none), for the others' presence. */
  setField(field: string | null) {
    if (this.provider.awareness?.getLocalState()?.field !== field) this.provider.setAwarenessField("field", field);
  }

  /** Everyone else in the check now, one entry per person, with the field they are in. */
  others(): Presence[] {
    const byPerson = new Map<string, Presence>();
    for (const [clientId, state] of this.provider.awareness?.getStates() ?? []) {
      if (clientId === this.doc.clientID) continue;
      const presence = state as Partial<Presence>;
      const user = presence.user;
      if (!user || typeof user.id !== "string" || typeof user.name !== "string" || user.id === this.me.id) continue;
      const known = byPerson.get(user.id);
      if (!known || (!known.field && presence.field)) byPerson.set(user.id, { user, field: typeof presence.field === "string" ? presence.field : null });
    }
    return [...byPerson.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
  }

  /** The presence as one field's caret drawing sees it: only the changes that concern the field (caret-router.ts). */
  caretsFor(fragment: Y.XmlFragment) {
    const awareness = this.provider.awareness;
    if (!awareness) return null;
    this.carets ??= new CaretRouter(awareness, this.doc);
    return this.carets.forField(fragment);
  }

  /** Runs a change of the lists as one undoable step of this person's. */
  change(fn: () => void) {
    this.undo.stopCapturing();
    this.doc.transact(fn, LOCAL_ORIGIN);
    this.undo.stopCapturing();
  }

  destroy() {
    this.flushOthers();
    this.carets?.destroy();
    this.undo.dispose();
    this.provider.destroy();
    this.socket.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }
}
