"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import * as Y from "yjs";

/** The most time one task spends making editors before it lets the browser paint and take input. */
const BUDGET_MS = 30;
/** The most turns granted in one render: a group of costlier fields than measured so far overruns the budget by little. */
const MAX_GROUP = 4;

/**
 * Makes the fields' editors a few at a time when a check opens, in reading
 * order, each batch in a task of its own of at most BUDGET_MS: a check of 40
 * sections needs some 90 editors, and making them all in one task held the
 * page frozen for most of a second. The first fields (the question, the
 * summary, the first sections) are editable after the first batch; the rest
 * follow within frames, each showing its text meanwhile (`FieldText`). Once
 * the opening burst is done, a field that appears (a section added) gets its
 * editor at once, unless many appear together (`mayMakeNow`).
 */
export class MountQueue {
  private waiting: (() => void)[] = [];
  private scheduled = false;
  private channel: MessageChannel | null = null;
  /** The opening burst is over: fields get their editors when they mount, within the budget below. */
  settled = false;
  /** When this task's first editor made at mount began, or null before one. */
  private windowStart: number | null = null;
  /** Editors made so far by turns, and the time they took: what one costs, to size each render's group. */
  private made = 0;
  private spent = 0;

  /**
   * Whether a field mounting now may make its editor in the same render:
   * once the opening burst is over, with no one waiting, and only while this
   * task has spent under BUDGET_MS on editors made that way. A section added
   * by hand gets its editor at once; many fields arriving together (another
   * person pasting sections, the document's first sync landing after the
   * opening) are made a batch at a time, like the opening's.
   */
  mayMakeNow(): boolean {
    if (!this.settled || this.waiting.length > 0) return false;
    const now = performance.now();
    if (this.windowStart === null) {
      this.windowStart = now;
      queueMicrotask(() => (this.windowStart = null));
    }
    return now - this.windowStart < BUDGET_MS;
  }

  /** Asks for a turn: `grant` runs in a later task, in the order asked. Returns a cancel. */
  request(grant: () => void): () => void {
    this.waiting.push(grant);
    this.schedule();
    return () => {
      this.waiting = this.waiting.filter((g) => g !== grant);
    };
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    // A message, not a timer: no 4 ms clamp between batches.
    if (typeof MessageChannel === "function") {
      this.channel ??= new MessageChannel();
      this.channel.port1.onmessage = this.pump;
      this.channel.port2.postMessage(null);
    } else setTimeout(this.pump, 0);
  }

  /**
   * One batch: the waiting fields' turns, several to a render (one React
   * render and commit for the group, not one each), as many as the time left
   * in the budget fits at the cost measured so far (one to begin with, and
   * at most MAX_GROUP).
   */
  private pump = () => {
    this.scheduled = false;
    const start = performance.now();
    for (let now = start; this.waiting.length > 0 && now - start < BUDGET_MS; ) {
      const each = this.made > 0 ? this.spent / this.made : BUDGET_MS;
      const group = this.waiting.splice(0, Math.min(MAX_GROUP, Math.max(1, Math.floor((BUDGET_MS - (now - start)) / each))));
      flushSync(() => {
        for (const grant of group) grant();
      });
      const after = performance.now();
      this.made += group.length;
      this.spent += after - now;
      now = after;
    }
    if (this.waiting.length > 0) this.schedule();
    else this.settled = true;
  };
}

const MountQueueContext = createContext<MountQueue | null>(null);

export function MountQueueProvider({ queue, children }: { queue: MountQueue; children: ReactNode }) {
  return <MountQueueContext.Provider value={queue}>{children}</MountQueueContext.Provider>;
}

/**
 * Whether this field may make its editor now: at once outside a queue or after
 * the opening burst (within its budget: `mayMakeNow`); otherwise when its turn
 * comes. The turn's render is synchronous (the queue grants turns inside
 * flushSync), so that the editor's making is measured against the batch's
 * budget, not left to a later task.
 */
export function useMountTurn(): boolean {
  const queue = useContext(MountQueueContext);
  const [granted, setGranted] = useState(() => !queue || queue.mayMakeNow());
  useEffect(() => {
    if (granted || !queue) return;
    return queue.request(() => setGranted(true));
  }, [granted, queue]);
  return granted;
}

/** The text of one block of a field, for the stand-in shown until its editor is made. */
function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) return (node.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === "string" ? op.insert : "")).join("");
  if (node instanceof Y.XmlElement) return node.nodeName === "citation" ? "[·]" : node.toArray().map(textOf).join("");
  return "";
}

function blocksOf(fragment: Y.XmlFragment | Y.XmlElement): string[] {
  return fragment.toArray().flatMap((node) =>
    node instanceof Y.XmlElement && ["bulletList", "orderedList", "listItem", "blockquote"].includes(node.nodeName) ? blocksOf(node) : [textOf(node)],
  );
}

/** A field's text as it stands, without an editor: what shows in its place until the editor is made. */
export function FieldText({ fragment, className }: { fragment: Y.XmlFragment; className: string }) {
  return (
    <div className={className} aria-hidden="true">
      {blocksOf(fragment).map((text, i) => (
        <p key={i}>{text || "\u00a0"}</p>
      ))}
    </div>
  );
}
