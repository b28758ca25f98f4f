/** The server's background tasks: refresh reminders sent by a timer, not by a page being rendered. */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { addDays, localDateOf } from "@/lib/local-date";
import { BACKGROUND_TASKS, startBackgroundTasks, type RunningTasks } from "@/lib/server/background-tasks";
import { scheduleRefresh } from "@/lib/server/refresh";
import { useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { createPublishedCheck, moveClockDays, type Team } from "./publishing-fixtures";

const getDb = useTestDatabase();

let writer2: TestUser, editor: TestUser;
let team: Team;
beforeAll(async () => {
  const [writer, reviewer] = await Promise.all([createWriter(), createReviewer()]);
  [writer2, editor] = await Promise.all([createWriter(), createEditor()]);
  team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
});

let running: RunningTasks | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  moveClockDays(0);
});

const today = () => localDateOf(new Date(), "UTC");
const waitFor = <T>(check: () => Promise<T>) => vi.waitFor(check, { timeout: 3_000, interval: 20 });

describe("background tasks", () => {
  it("send refresh-due reminders at start and on every tick of their timer", async () => {
    const live = await createPublishedCheck(team, { topic: "Background" });
    const schedule = (days: number) =>
      scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today(), days), assigneeId: writer2.id } });
    const reminders = () =>
      getDb()
        .select({ message: notifications.message })
        .from(notifications)
        .where(and(eq(notifications.userId, writer2.id), eq(notifications.kind, "refresh_due"), eq(notifications.factCheckId, live.factCheck.id)));
    await schedule(1);
    moveClockDays(2);

    // The server's own list of tasks, on a timer shortened from a minute.
    expect(BACKGROUND_TASKS.map((task) => [task.name, task.everyMs])).toEqual([["refresh-due reminders", 60_000]]);
    running = startBackgroundTasks(BACKGROUND_TASKS.map((task) => ({ ...task, everyMs: 50 })));
    await waitFor(async () => expect(await reminders()).toEqual([{ message: `The refresh of “${live.factCheck.question}” is due` }]));

    // A new date comes while the timer runs: its reminder arrives with no call from anyone.
    await schedule(5);
    moveClockDays(8);
    await waitFor(async () => expect(await reminders()).toHaveLength(2));
  });

  it("run a task again after it failed, never two runs of one task at once, and stop waits for a run", async () => {
    const runs: string[] = [];
    let active = 0;
    let overlapped = false;
    const slow = {
      name: "slow",
      everyMs: 5,
      run: async () => {
        overlapped ||= active > 0;
        active += 1;
        await new Promise((resolve) => setTimeout(resolve, 30));
        active -= 1;
        runs.push("slow");
      },
    };
    let failures = 0;
    const failingFirst = {
      name: "failing first",
      everyMs: 5,
      run: async () => {
        if (failures++ === 0) throw new Error("the first run fails");
        runs.push("recovered");
      },
    };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      running = startBackgroundTasks([slow, failingFirst]);
      await waitFor(async () => expect(runs.filter((r) => r === "slow").length).toBeGreaterThanOrEqual(3));
      await waitFor(async () => expect(runs).toContain("recovered"));
      expect(logged).toHaveBeenCalledWith('Background task "failing first" failed:', expect.objectContaining({ message: "the first run fails" }));
      await running.stop();
      running = undefined;
      const stoppedAt = runs.length;
      expect(active).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(runs).toHaveLength(stoppedAt);
      expect(overlapped).toBe(false);
    } finally {
      logged.mockRestore();
    }
  });
});
