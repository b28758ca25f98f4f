/**
 * The editor's caret routing (components/editor/caret-router.ts): a field's
 * caret drawing hears of a presence change only when someone else's caret
 * enters the field, moves in it or leaves it; never of this person's own.
 */
import { describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { CaretRouter } from "@/components/editor/caret-router";

function setup() {
  const doc = new Y.Doc();
  const question = doc.getXmlFragment("question");
  const summary = doc.getXmlFragment("summary");
  const sections = doc.getArray<Y.Map<unknown>>("sections");
  const body = new Y.XmlFragment();
  const section = new Y.Map<unknown>();
  section.set("body", body);
  sections.push([section]);
  for (const fragment of [question, summary, body]) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("some text here")]);
    fragment.insert(0, [paragraph]);
  }
  const textOf = (fragment: Y.XmlFragment) => (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const cursorIn = (fragment: Y.XmlFragment, index: number) => {
    const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(textOf(fragment), index));
    return { anchor: position, head: position };
  };
  const mine = new Awareness(doc);
  // Someone else: their own document and presence, sharing the same content.
  const theirDoc = new Y.Doc();
  Y.applyUpdate(theirDoc, Y.encodeStateAsUpdate(doc));
  const theirs = new Awareness(theirDoc);
  const router = new CaretRouter(mine, doc);
  const heard = { question: 0, summary: 0, body: 0 };
  for (const [name, fragment] of [["question", question], ["summary", summary], ["body", body]] as const) {
    router.forField(fragment).on("change", () => (heard[name] += 1));
  }
  return { doc, question, summary, body, mine, theirs, router, heard, cursorIn };
}

async function deliver(from: Awareness, to: Awareness) {
  const { encodeAwarenessUpdate, applyAwarenessUpdate } = await import("y-protocols/awareness");
  applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), "remote");
}

describe("caret routing", () => {
  it("never tells a field of this person's own caret moving", () => {
    const { mine, heard, cursorIn, question, body } = setup();
    mine.setLocalState({ user: { id: "me", name: "Me", color: "#000000" }, cursor: cursorIn(question, 2) });
    mine.setLocalStateField("cursor", cursorIn(body, 4));
    mine.setLocalStateField("cursor", cursorIn(body, 5));
    expect(heard).toEqual({ question: 0, summary: 0, body: 0 });
  });

  it("tells the field someone else's caret is in, then both fields when it moves to another, then the last one when they leave", async () => {
    const { theirs, mine, heard, cursorIn, question, body } = setup();
    theirs.setLocalState({ user: { id: "them", name: "Them", color: "#111111" }, cursor: cursorIn(question, 1) });
    await deliver(theirs, mine);
    expect(heard).toEqual({ question: 1, summary: 0, body: 0 });

    theirs.setLocalStateField("cursor", cursorIn(question, 3));
    await deliver(theirs, mine);
    expect(heard).toEqual({ question: 2, summary: 0, body: 0 });

    // Into a section's body (a fragment inside the sections list).
    theirs.setLocalStateField("cursor", cursorIn(body, 3));
    await deliver(theirs, mine);
    expect(heard).toEqual({ question: 3, summary: 0, body: 1 });

    const { removeAwarenessStates } = await import("y-protocols/awareness");
    removeAwarenessStates(mine, [theirs.clientID], "remote");
    expect(heard).toEqual({ question: 3, summary: 0, body: 2 });
  });

  it("knows the carets that were there before it started: one leaving a field reaches that field", async () => {
    const doc = new Y.Doc();
    const question = doc.getXmlFragment("question");
    const summary = doc.getXmlFragment("summary");
    for (const fragment of [question, summary]) {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("text")]);
      fragment.insert(0, [paragraph]);
    }
    const at = (fragment: Y.XmlFragment) => {
      const text = (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 1));
      return { anchor: position, head: position };
    };
    const mine = new Awareness(doc);
    const theirDoc = new Y.Doc();
    Y.applyUpdate(theirDoc, Y.encodeStateAsUpdate(doc));
    const theirs = new Awareness(theirDoc);
    theirs.setLocalState({ user: { id: "them", name: "Them", color: "#111111" }, cursor: at(question) });
    await deliver(theirs, mine);
    const router = new CaretRouter(mine, doc);
    const heard = { question: 0, summary: 0 };
    router.forField(question).on("change", () => (heard.question += 1));
    router.forField(summary).on("change", () => (heard.summary += 1));
    theirs.setLocalStateField("cursor", at(summary));
    await deliver(theirs, mine);
    expect(heard).toEqual({ question: 1, summary: 1 });
    router.destroy();
  });
});
