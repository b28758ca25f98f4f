/**
 * This browser's copy of a check's live document, in IndexedDB (one database
 * a check, named in lib/local-copies.ts): the editor opens on it offline, and
 * a change typed while the server could not be reached stays in it until the
 * connection takes it.
 *
 * Stored as y-indexeddb stores it (an auto-numbered `updates` store of Yjs
 * updates), so that a copy kept by an earlier version reads the same. What
 * differs is the opening: y-indexeddb added a copy of the whole document at
 * each opening and kept every earlier one until the store held 500 entries,
 * so each opening read and applied every copy made before it (a long check's
 * is about 95 KB: 40 openings kept 3.8 MB of one check). Here an opening
 * reads what is stored, applies it, and writes the whole document back in
 * place of what it read, in one transaction: one entry after each opening,
 * however often the check is opened. A change made meanwhile in another tab
 * is either read (and so in what is written back) or written after, and kept.
 */
import { Observable } from "lib0/observable";
import * as Y from "yjs";

const UPDATES = "updates";

/** Entries written during a visit (a change each, or a batch of others') before they are merged into one. */
export const MERGE_AFTER = 500;

export class LocalCopy extends Observable<"synced"> {
  private readonly db: Promise<IDBDatabase>;
  private database: IDBDatabase | null = null;
  private destroyed = false;
  private entries = 0;
  private mergeTimer: ReturnType<typeof setTimeout> | null = null;

  /** Emits `synced` once what was stored is in the document. */
  constructor(
    name: string,
    private readonly doc: Y.Doc,
  ) {
    super();
    const opening = indexedDB.open(name);
    opening.onupgradeneeded = () => {
      // As y-indexeddb made them (its `custom` store unused here).
      opening.result.createObjectStore(UPDATES, { autoIncrement: true });
      opening.result.createObjectStore("custom");
    };
    this.db = done(opening);
    this.db
      .then(async (db) => {
        this.database = db;
        if (this.destroyed) return;
        await this.merge();
        if (this.destroyed) return;
        this.emit("synced", [this]);
      })
      .catch(() => {
        // IndexedDB refused (a private window, a full disk): the editor works on without this browser's copy.
      });
  }

  /**
   * Stores one update of the document (the caller chooses which: see
   * live-check.ts). Nothing is stored before the copy has opened: what was
   * changed meanwhile is in the whole document written as it opens.
   */
  store(update: Uint8Array): void {
    if (!this.database || this.destroyed) return;
    void done(this.updates().add(update));
    if (++this.entries >= MERGE_AFTER && this.mergeTimer === null) {
      this.mergeTimer = setTimeout(() => {
        this.mergeTimer = null;
        void this.merge();
      }, 1000);
    }
  }

  /**
   * Reads every stored update into the document, then writes the document's
   * whole state in place of them (and of the opening's state, which the
   * stored updates may lack), in one transaction.
   */
  private async merge(): Promise<void> {
    if (!this.database || this.destroyed) return;
    const updates = this.updates();
    const [keys, values] = await Promise.all([done(updates.getAllKeys()), done(updates.getAll() as IDBRequest<Uint8Array[]>)]);
    if (this.destroyed) return;
    Y.transact(this.doc, () => values.forEach((update) => Y.applyUpdate(this.doc, update)), this, false);
    const whole = Y.encodeStateAsUpdate(this.doc);
    // Already stored as it is: nothing to write (a check opened again, unchanged since).
    if (values.length === 1 && sameBytes(values[0]!, whole)) {
      this.entries = 1;
      return;
    }
    await done(updates.add(whole));
    if (keys.length > 0) await done(updates.delete(IDBKeyRange.upperBound(keys[keys.length - 1])));
    this.entries = 1;
  }

  private updates(): IDBObjectStore {
    return this.database!.transaction(UPDATES, "readwrite").objectStore(UPDATES);
  }

  override async destroy(): Promise<void> {
    if (this.mergeTimer !== null) clearTimeout(this.mergeTimer);
    this.destroyed = true;
    super.destroy();
    (await this.db.catch(() => null))?.close();
  }
}

/** A request's result, once it has one. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
