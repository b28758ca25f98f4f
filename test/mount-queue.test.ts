/**
 * The queue that makes the fields' editors a few at a time
 * (components/editor/mount-queue.tsx): during the opening every field waits
 * its turn, in the order asked; afterwards a field may make its editor at
 * once, but only while the task has spent less than its budget on editors,
 * so that many fields arriving together are queued like the opening's. A
 * field with a stand-in waits until the stand-in is near the view, or until
 * it is focused (`makeNow`).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { flushSync } from "react-dom";
import { MountQueue } from "@/components/editor/mount-queue";

// The renders the queue asks for, counted (each group of turns is one).
vi.mock("react-dom", async (original) => ({ ...(await original<typeof import("react-dom")>()), flushSync: vi.fn((work: () => void) => work()) }));

/** Lets the queue's pending turns run (each batch is a task of its own). */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 5));

afterEach(() => {
  vi.mocked(flushSync).mockClear();
  vi.restoreAllMocks();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("MountQueue", () => {
  it("grants the opening's turns in later tasks, in the order asked, then settles", async () => {
    const queue = new MountQueue();
    expect(queue.mayMakeNow()).toBe(false);
    const granted: number[] = [];
    for (const n of [1, 2, 3]) queue.request(() => granted.push(n));
    expect(granted).toEqual([]);
    await nextTask();
    expect(granted).toEqual([1, 2, 3]);
    expect(queue.settled).toBe(true);
  });

  it("grants turns several to a render, as many as fit the task's budget at the cost measured so far", async () => {
    // One batch at a time: the queue's tasks as timers, run one by one.
    vi.stubGlobal("MessageChannel", undefined);
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const queue = new MountQueue();
    let now = 1_000;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    // Twenty fields whose editors take 2 ms each.
    const granted: number[] = [];
    for (let n = 1; n <= 20; n++) queue.request(() => ((now += 2), granted.push(n)));
    vi.runOnlyPendingTimers();
    // The first alone (its cost unknown), then groups of at most 4 that fit the 12 ms left: 6 in the first task,
    // as one at a time would, in 3 renders (1, 4, then 1 for the 2 ms left).
    expect(granted).toHaveLength(6);
    expect(vi.mocked(flushSync).mock.calls).toHaveLength(3);
    expect(queue.settled).toBe(false);
    vi.runOnlyPendingTimers();
    expect(granted).toHaveLength(12);
    // 4, then 2 for the 4 ms left.
    expect(vi.mocked(flushSync).mock.calls).toHaveLength(5);
    vi.runOnlyPendingTimers();
    expect(granted).toHaveLength(18);
    vi.runOnlyPendingTimers();
    expect(granted).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(vi.mocked(flushSync).mock.calls).toHaveLength(8);
    expect(queue.settled).toBe(true);
  });

  it("lets a cancelled turn go", async () => {
    const queue = new MountQueue();
    const granted: number[] = [];
    queue.request(() => granted.push(1));
    const cancel = queue.request(() => granted.push(2));
    cancel();
    await nextTask();
    expect(granted).toEqual([1]);
  });

  it("once settled, makes editors at once until the task's budget is spent, and again in the next task", async () => {
    const queue = new MountQueue();
    queue.request(() => {});
    await nextTask();
    let now = 1_000;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    // A section added by hand: its editor at once.
    expect(queue.mayMakeNow()).toBe(true);
    // Many fields in one render: each editor's making counts against the same task's 12 ms.
    now += 5;
    expect(queue.mayMakeNow()).toBe(true);
    now += 10;
    expect(queue.mayMakeNow()).toBe(false);
    expect(queue.mayMakeNow()).toBe(false);
    // A later task starts a budget of its own.
    await nextTask();
    now += 1;
    expect(queue.mayMakeNow()).toBe(true);
  });

  it("queues a field behind those already waiting, never ahead of them", async () => {
    const queue = new MountQueue();
    queue.request(() => {});
    await nextTask();
    const granted: string[] = [];
    queue.request(() => granted.push("waiting"));
    expect(queue.mayMakeNow()).toBe(false);
    await nextTask();
    expect(granted).toEqual(["waiting"]);
    expect(queue.mayMakeNow()).toBe(true);
  });

  describe("fields near the view", () => {
    /** A stand-in IntersectionObserver: `show` tells it the given elements came near the view. */
    function fakeObserver() {
      const observed = new Set<Element>();
      let notify: ((entries: { target: Element; isIntersecting: boolean }[]) => void) | null = null;
      let options: IntersectionObserverInit | undefined;
      vi.stubGlobal(
        "IntersectionObserver",
        class {
          constructor(callback: typeof notify, init?: IntersectionObserverInit) {
            notify = callback;
            options = init;
          }
          observe(el: Element) {
            observed.add(el);
          }
          unobserve(el: Element) {
            observed.delete(el);
          }
          disconnect() {
            observed.clear();
          }
        },
      );
      return {
        observed,
        options: () => options,
        show: (...els: Element[]) => notify!(els.map((target) => ({ target, isIntersecting: observed.has(target) }))),
        hide: (...els: Element[]) => notify!(els.map((target) => ({ target, isIntersecting: false }))),
      };
    }
    const element = (name: string) => ({ name }) as unknown as Element;

    it("gives a field its turn only once its stand-in comes near the view, in the order they come", async () => {
      const view = fakeObserver();
      const queue = new MountQueue();
      const granted: string[] = [];
      const [a, b, c] = [element("a"), element("b"), element("c")];
      queue.watch("a", a, () => granted.push("a"));
      queue.watch("b", b, () => granted.push("b"));
      queue.watch("c", c, () => granted.push("c"));
      expect(view.options()?.rootMargin).toBe("100% 0px");
      expect(view.observed).toEqual(new Set([a, b, c]));
      await nextTask();
      expect(granted).toEqual([]);
      view.hide(a);
      view.show(c, a);
      await nextTask();
      expect(granted).toEqual(["c", "a"]);
      // Made once: no longer watched.
      expect(view.observed).toEqual(new Set([b]));
      expect(queue.settled).toBe(true);
      view.show(b);
      await nextTask();
      expect(granted).toEqual(["c", "a", "b"]);
    });

    it("makes a focused field's editor before the next event, ahead of any batch, and once", async () => {
      const view = fakeObserver();
      const queue = new MountQueue();
      const granted: string[] = [];
      const far = element("far");
      queue.watch("near", element("near"), () => granted.push("near"));
      queue.watch("far", far, () => granted.push("far"));
      view.show(...view.observed);
      expect(queue.makeNow("far")).toBe(true);
      expect(granted).toEqual([]);
      await Promise.resolve();
      expect(granted).toEqual(["far"]);
      expect(vi.mocked(flushSync)).toHaveBeenCalledTimes(1);
      expect(view.observed.has(far)).toBe(false);
      // Its turn in the batch is gone, and asking again changes nothing.
      expect(queue.makeNow("far")).toBe(false);
      await nextTask();
      expect(granted).toEqual(["far", "near"]);
    });

    it("lets a cancelled field go: not watched, not made now, and not made by its turn", async () => {
      const view = fakeObserver();
      const queue = new MountQueue();
      const granted: string[] = [];
      const gone = element("gone");
      const cancel = queue.watch("gone", gone, () => granted.push("gone"));
      view.show(gone);
      cancel();
      expect(view.observed.size).toBe(0);
      expect(queue.makeNow("gone")).toBe(false);
      await nextTask();
      expect(granted).toEqual([]);
    });

    it("gives every field its turn where the browser has no IntersectionObserver", async () => {
      vi.stubGlobal("IntersectionObserver", undefined);
      const queue = new MountQueue();
      const granted: string[] = [];
      queue.watch("a", element("a"), () => granted.push("a"));
      queue.watch("b", null, () => granted.push("b"));
      await nextTask();
      expect(granted).toEqual(["a", "b"]);
    });
  });
});
