/**
 * The queue that makes the fields' editors a few at a time
 * (components/editor/mount-queue.tsx): during the opening every field waits
 * its turn, in the order asked; afterwards a field may make its editor at
 * once, but only while the task has spent less than its budget on editors,
 * so that many fields arriving together are queued like the opening's.
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
    // Twenty fields whose editors take 4 ms each.
    const granted: number[] = [];
    for (let n = 1; n <= 20; n++) queue.request(() => ((now += 4), granted.push(n)));
    vi.runOnlyPendingTimers();
    // The first alone (its cost unknown), then groups of at most 4 that fit the 30 ms left: 8 in the first task,
    // as one at a time would, in 4 renders (1, 4, then 2 for the 10 ms left, then 1 for the 2 ms left).
    expect(granted).toHaveLength(8);
    expect(vi.mocked(flushSync).mock.calls).toHaveLength(4);
    expect(queue.settled).toBe(false);
    vi.runOnlyPendingTimers();
    expect(granted).toHaveLength(16);
    // 4, 3 (for 14 ms), 1.
    expect(vi.mocked(flushSync).mock.calls).toHaveLength(7);
    vi.runOnlyPendingTimers();
    expect(granted).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
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
    // Many fields in one render: each editor's making counts against the same task.
    now += 12;
    expect(queue.mayMakeNow()).toBe(true);
    now += 25;
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
});
