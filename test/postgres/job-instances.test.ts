/**
 * Several app instances on one PostgreSQL database share one pg-boss queue:
 * each runs every kind of job and sends every schedule, and still each
 * scheduled run, and each job, happens once.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { JobDefinition } from "@/lib/server/job-queue";
import { startJobRunner, type RunningJobs } from "@/lib/server/jobs";
import { useTestDatabase } from "../db";
import { eventually, openTestQueue } from "../jobs";

useTestDatabase();

const running: RunningJobs[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

describe("two instances on one PostgreSQL", () => {
  it("run a scheduled job once per period, and every sent job once", async () => {
    const runs: { instance: string; job: string; data: Record<string, unknown> }[] = [];
    const definitionsFor = (instance: string): JobDefinition[] => [
      { name: "test-every-minute", retryLimit: 0, retryDelaySeconds: 1, run: async (data) => void runs.push({ instance, job: "scheduled", data }) },
      {
        name: "test-work",
        retryLimit: 0,
        retryDelaySeconds: 1,
        run: async (data) => {
          runs.push({ instance, job: "work", data });
          // Long enough that both instances are fetching while jobs wait.
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      },
    ];
    // Both instances' clocks are in the same minute, 10:00 UTC.
    let at = new Date("2026-12-07T10:00:05Z");
    const clock = () => at;
    const schedules = [{ job: "test-every-minute", everyMinutes: 1 }];
    const [a, b] = await Promise.all(
      ["a", "b"].map(async (instance) =>
        startJobRunner({ queue: await openTestQueue(), definitions: definitionsFor(instance), schedules, tickMs: 60_000, clock }),
      ),
    );
    running.push(a!, b!);

    // Each instance sends the period's job (on start, and again).
    await Promise.all([a!.tick(), b!.tick(), a!.tick(), b!.tick()]);
    // And 20 jobs sent from both sides.
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a! : b!).queue.send("test-work", { i })));

    await eventually(() => expect(runs.filter((r) => r.job === "work")).toHaveLength(20), 8_000);
    await eventually(() => expect(runs.filter((r) => r.job === "scheduled")).toHaveLength(1));
    const scheduled = runs.filter((r) => r.job === "scheduled");
    expect(scheduled[0]!.data).toEqual({ slot: String(Math.floor(Date.parse("2026-12-07T10:00:00Z") / 60_000)) });
    expect(new Set(runs.filter((r) => r.job === "work").map((r) => r.data.i))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i)));

    // The next minute is a new period: one more run, whichever instance sends it first.
    at = new Date("2026-12-07T10:01:02Z");
    await Promise.all([a!.tick(), b!.tick()]);
    await eventually(() => expect(runs.filter((r) => r.job === "scheduled")).toHaveLength(2));
    const completed = await a!.queue.list({ states: ["completed"] });
    expect(completed.filter((j) => j.name === "test-every-minute")).toHaveLength(2);
    expect(completed.filter((j) => j.name === "test-work")).toHaveLength(20);
  }, 12_000);
});
