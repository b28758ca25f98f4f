"use client";

import { createContext, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { flushSync } from "react-dom";

/**
 * The most time one task spends making editors before it lets the browser
 * paint and take input: under a frame at 60 frames a second, so that a key
 * or a click as the check opens is answered in the next frame. (At 30 ms,
 * Lighthouse, which counts a fast machine's tasks four times over to stand
 * for a phone, counted each batch as a long task; the time until the fields
 * in view are editable did not move beyond this machine's noise.)
 */
const BUDGET_MS = 12;
/** The most turns granted in one render: a group of costlier fields than measured so far overruns the budget by little. */
const MAX_GROUP = 4;

/** How far above and below the view a field gets its editor: one more view's height each way, so scrolling finds them made. */
const NEAR_VIEW = "100% 0px";

/**
 * Makes the fields' editors a few at a time, each batch in a task of its own
 * of at most BUDGET_MS, and only for the fields in view or near it: a check
 * of 40 sections has some 90 fields, and making all their editors as it
 * opened held the page busy for seconds on a phone. Until its editor is made,
 * a field is its stand-in (field-stand-in.tsx): its text, drawn as the editor
 * draws it and kept current, focusable and named as the editor is. A field
 * that comes near the view (scrolled to) gets its editor in the next batch;
 * one that is focused (a click, Tab, a link to it) gets it at once
 * (`makeNow`), and the click and keys carry over (first-input.ts).
 *
 * Once the opening burst is done, a field that appears (a section added)
 * gets its editor at once, unless many appear together (`mayMakeNow`).
 * Where the browser has no IntersectionObserver, every field takes its turn.
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
  /** Every field still without its editor, by field key: its grant. */
  private pending = new Map<string, () => void>();
  /** The stand-ins watched until they come near the view: what to do when one does. */
  private watched = new Map<Element, () => void>();
  private observer: IntersectionObserver | null | undefined;

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

  /**
   * Asks for field `fieldKey`'s turn: `grant` runs in a later batch, in the
   * order asked, once `standIn` is near the view (at once if there is no
   * stand-in to watch), or when `makeNow` is asked for the field. Returns a cancel.
   */
  watch(fieldKey: string, standIn: Element | null, grant: () => void): () => void {
    let cancel = () => {};
    const once = () => {
      stop();
      grant();
    };
    const stop = () => {
      cancel();
      if (this.pending.get(fieldKey) === once) this.pending.delete(fieldKey);
      if (standIn && this.watched.delete(standIn)) this.observer?.unobserve(standIn);
    };
    this.pending.set(fieldKey, once);
    const observer = standIn ? this.nearView() : null;
    if (observer && standIn) {
      this.watched.set(standIn, () => {
        this.watched.delete(standIn);
        observer.unobserve(standIn);
        cancel = this.request(once);
      });
      observer.observe(standIn);
    } else cancel = this.request(once);
    return stop;
  }

  /**
   * Makes field `fieldKey`'s editor now, ahead of any batch: it was focused.
   * In a microtask, so that it is made before the browser handles the next
   * event (a key pressed), and outside any render under way. Whether the
   * field was waiting for its editor.
   */
  makeNow(fieldKey: string): boolean {
    const grant = this.pending.get(fieldKey);
    if (!grant) return false;
    queueMicrotask(() => {
      if (this.pending.get(fieldKey) === grant) flushSync(grant);
    });
    return true;
  }

  /** The observer of the stand-ins, made at the first ask: null where the browser has none. */
  private nearView(): IntersectionObserver | null {
    if (this.observer === undefined) {
      this.observer =
        typeof IntersectionObserver === "function"
          ? new IntersectionObserver(
              (entries) => {
                for (const entry of entries) if (entry.isIntersecting) this.watched.get(entry.target)?.();
              },
              { rootMargin: NEAR_VIEW },
            )
          : null;
    }
    return this.observer;
  }

  /** Asks for a turn: `grant` runs in a later task, in the order asked. Returns a cancel. */
  request(grant: () => void): () => void {
    this.waiting.push(grant);
    this.schedule();
    return () => {
      this.waiting = this.waiting.filter((g) => g !== grant);
    };
  }

  /** Stops watching (the check is closed). */
  destroy() {
    this.observer?.disconnect();
    this.watched.clear();
    this.pending.clear();
    this.waiting = [];
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
 * Whether field `fieldKey` may make its editor now: at once outside a queue
 * or after the opening burst (within its budget: `mayMakeNow`); otherwise
 * when its turn comes, once its stand-in (the element given `standIn`) is near
 * the view or it is focused. The turn's render is synchronous (the queue
 * grants turns inside flushSync), so that the editor's making is measured
 * against the batch's budget, not left to a later task.
 */
export function useMountTurn(fieldKey: string): [granted: boolean, standIn: RefObject<HTMLDivElement | null>] {
  const queue = useContext(MountQueueContext);
  const [granted, setGranted] = useState(() => !queue || queue.mayMakeNow());
  const standIn = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (granted || !queue) return;
    return queue.watch(fieldKey, standIn.current, () => setGranted(true));
  }, [granted, queue, fieldKey]);
  return [granted, standIn];
}
