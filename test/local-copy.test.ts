/**
 * This browser's copy of a check (components/editor/local-copy.ts), on an
 * IndexedDB that behaves as a browser's does (fake-indexeddb): each opening
 * leaves one entry holding everything, whatever was stored before, and
 * nothing typed, here or in another tab, is lost on the way.
 */
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { LocalCopy, MERGE_AFTER } from "@/components/editor/local-copy";

let counter = 0;
const names: string[] = [];
function newName() {
  const name = `factdesk-check-test-${++counter}`;
  names.push(name);
  return name;
}

afterEach(async () => {
  await Promise.all(names.splice(0).map((name) => new Promise((resolve) => (indexedDB.deleteDatabase(name).onsuccess = resolve))));
});

/** The entries stored under `name`, read as another reader would. */
async function stored(name: string): Promise<Uint8Array[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const values = await new Promise<Uint8Array[]>((resolve, reject) => {
    const read = db.transaction("updates", "readonly").objectStore("updates").getAll();
    read.onsuccess = () => resolve(read.result as Uint8Array[]);
    read.onerror = () => reject(read.error);
  });
  db.close();
  return values;
}

/** A document whose "question" holds `text`, as the page's state would. */
function docWith(text: string, doc = new Y.Doc()): Y.Doc {
  doc.getText("question").insert(doc.getText("question").length, text);
  return doc;
}

/** Opens a copy of `name` into `doc`, storing the document's own changes as the live check does; resolves once synced. */
async function open(name: string, doc: Y.Doc): Promise<LocalCopy> {
  const copy = new LocalCopy(name, doc);
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== copy) copy.store(update);
  });
  await new Promise<void>((resolve) => copy.on("synced", () => resolve()));
  return copy;
}

/** Waits for IndexedDB's writes still under way. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function readBack(values: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const value of values) Y.applyUpdate(doc, value);
  return doc.getText("question").toString();
}

describe("this browser's copy of a check", () => {
  it("keeps one entry however often the check is opened, with the opening's state in it", async () => {
    const name = newName();
    const server = docWith("Do night buses pay?");
    for (let i = 0; i < 5; i++) {
      // Each opening starts from the page's state, as the editor does.
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
      const copy = await open(name, doc);
      await copy.destroy();
      await settle();
      const values = await stored(name);
      expect(values).toHaveLength(1);
      expect(readBack(values)).toBe("Do night buses pay?");
    }
  });

  it("brings back what was typed offline, and merges it with what the page brought since", async () => {
    const name = newName();
    const server = docWith("Do night buses pay?");
    const first = new Y.Doc();
    Y.applyUpdate(first, Y.encodeStateAsUpdate(server));
    const copy = await open(name, first);
    // Typed here, never sent: each change its own entry.
    docWith(" Typed offline.", first);
    docWith(" And more.", first);
    await settle();
    expect(await stored(name)).toHaveLength(3);
    await copy.destroy();

    // Meanwhile the server's document moved on (someone else's change), and the page brings it.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
    other.getText("topic").insert(0, "Transport");
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(other));
    const again = await open(name, second);
    expect(second.getText("question").toString()).toBe("Do night buses pay? Typed offline. And more.");
    await settle();
    const values = await stored(name);
    expect(values).toHaveLength(1);
    const doc = new Y.Doc();
    for (const value of values) Y.applyUpdate(doc, value);
    expect(doc.getText("question").toString()).toBe("Do night buses pay? Typed offline. And more.");
    expect(doc.getText("topic").toString()).toBe("Transport");
    await again.destroy();
  });

  it("loses nothing another tab stored while this one opened", async () => {
    const name = newName();
    const tabA = new Y.Doc();
    const a = await open(name, docWith("Shared question.", tabA));
    docWith(" From tab A.", tabA);
    // Tab B opens while tab A goes on typing (offline: the two never hear of each other but through this store).
    const tabB = new Y.Doc();
    const opening = new LocalCopy(name, tabB);
    tabB.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== opening) opening.store(update);
    });
    docWith(" Typed in A as B opened.", tabA);
    await new Promise<void>((resolve) => opening.on("synced", () => resolve()));
    await settle();
    await a.destroy();
    await opening.destroy();
    expect(readBack(await stored(name))).toBe("Shared question. From tab A. Typed in A as B opened.");
    // And the next opening holds all of it, in one entry.
    const third = await open(name, new Y.Doc());
    await settle();
    expect((await stored(name)).length).toBe(1);
    expect(readBack(await stored(name))).toBe("Shared question. From tab A. Typed in A as B opened.");
    await third.destroy();
  });

  it("writes nothing when the check is opened unchanged since", async () => {
    const name = newName();
    const server = docWith("Do night buses pay?");
    const first = new Y.Doc();
    Y.applyUpdate(first, Y.encodeStateAsUpdate(server));
    await (await open(name, first)).destroy();
    await settle();
    const [before] = await stored(name);
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(server));
    await (await open(name, second)).destroy();
    await settle();
    const after = await stored(name);
    expect(after).toHaveLength(1);
    expect(Buffer.from(after[0]!).equals(Buffer.from(before!))).toBe(true);
  });

  it("merges the changes of a long visit into one entry", async () => {
    const name = newName();
    const doc = new Y.Doc();
    const copy = await open(name, doc);
    for (let i = 0; i < MERGE_AFTER + 5; i++) doc.getText("question").insert(i, "x");
    await settle();
    expect((await stored(name)).length).toBeGreaterThan(MERGE_AFTER);
    // Merged a second after the 500th.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const values = await stored(name);
    expect(values.length).toBeLessThan(10);
    expect(readBack(values)).toBe("x".repeat(MERGE_AFTER + 5));
    await copy.destroy();
  });
});
