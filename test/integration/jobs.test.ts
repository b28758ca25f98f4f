/**
 * The job queue on the current backend (pg-boss on PostgreSQL, the embedded
 * runner on PGlite): scheduled jobs, retries with backoff, failures kept with
 * their error and retried by hand, jobs that outlive a restart.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { addDays, localDateOf } from "@/lib/local-date";
import { now } from "@/lib/server/clock";
import { jobIdFor, type JobDefinition, type JobQueue } from "@/lib/server/job-queue";
import { JOB_DEFINITIONS, SCHEDULES, startJobRunner, type RunningJobs } from "@/lib/server/jobs";
import { scheduleRefresh } from "@/lib/server/refresh";
import { backend, useTestDatabase } from "../db";
import { createEditor, createReviewer, createWriter, type TestUser } from "../factories";
import { eventually, openTestQueue } from "../jobs";
import { createPublishedCheck, moveClockDays, type Team } from "./publishing-fixtures";

const getDb = useTestDatabase();

let writer2: TestUser, editor: TestUser;
let live: Awaited<ReturnType<typeof createPublishedCheck>>;
beforeAll(async () => {
  const [writer, reviewer] = await Promise.all([createWriter(), createReviewer()]);
  [writer2, editor] = await Promise.all([createWriter(), createEditor()]);
  const team: Team = { writer: writer.actor, reviewer: reviewer.actor, editor: editor.actor };
  live = await createPublishedCheck(team, { topic: "Jobs" });
});

const open: (RunningJobs | JobQueue)[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.stop();
  moveClockDays(0);
});

async function runner(definitions: readonly JobDefinition[], options: Partial<Parameters<typeof startJobRunner>[0]> = {}) {
  const running = await startJobRunner({ queue: await openTestQueue(), definitions, schedules: [], tickMs: 60_000, ...options });
  open.push(running);
  return running;
}

describe(`the job queue (${backend === "postgres" ? "pg-boss" : "embedded runner"})`, () => {
  it("sends the refresh-due reminders from a schedule declared once, once per period", async () => {
    expect(SCHEDULES.find((s) => s.job === "refresh-reminders")).toEqual({ job: "refresh-reminders", everyMinutes: 1 });
    const today = localDateOf(new Date(), "UTC");
    const schedule = (days: number) =>
      scheduleRefresh({ actor: editor.actor, input: { ids: [live.factCheck.id], nextRefreshAt: addDays(today, days), assigneeId: writer2.id } });
    const reminders = () =>
      getDb()
        .select({ message: notifications.message })
        .from(notifications)
        .where(and(eq(notifications.userId, writer2.id), eq(notifications.kind, "refresh_due"), eq(notifications.factCheckId, live.factCheck.id)));
    await schedule(1);
    moveClockDays(2);

    const running = await runner(JOB_DEFINITIONS, { schedules: SCHEDULES.filter((s) => s.job === "refresh-reminders"), clock: now });
    await eventually(async () => expect(await reminders()).toEqual([{ message: `The refresh of “${live.factCheck.question}” is due` }]));

    // A new date, and the next minute's run sends its reminder with no call from anyone.
    await schedule(5);
    moveClockDays(8);
    await running.tick();
    await eventually(async () => expect(await reminders()).toHaveLength(2));
    // Two runs in one minute are one job: ticking again in the same period sends nothing.
    await running.tick();
    const done = await running.queue.list({ states: ["completed"] });
    expect(done.filter((j) => j.name === "refresh-reminders")).toHaveLength(2);
  });

  it("retries a failed job with a growing delay, then keeps it failed with its error until it is retried by hand", async () => {
    let attempts = 0;
    const flaky: JobDefinition = {
      name: "test-flaky",
      retryLimit: 1,
      retryDelaySeconds: 1,
      run: async () => {
        attempts += 1;
        if (attempts <= 2) throw new Error(`attempt ${attempts} failed`);
      },
    };
    const running = await runner([flaky]);
    const id = await running.queue.send("test-flaky", { n: 1 });
    expect(id).toEqual(expect.any(String));

    // The first failure: waiting for a retry, later than the failure, with the error.
    await eventually(async () => {
      const [job] = await running.queue.list({ states: ["retry"] });
      expect(job).toMatchObject({ id, state: "retry", error: "attempt 1 failed" });
      expect(job!.startAfter.getTime()).toBeGreaterThan(job!.startedAt!.getTime());
    });
    // The second failure uses up the retries: failed, with its error, for admins to see.
    await eventually(async () => {
      const failed = await running.queue.list({ states: ["failed"] });
      expect(failed).toEqual([expect.objectContaining({ id, name: "test-flaky", state: "failed", retryCount: 1, error: "attempt 2 failed", data: { n: 1 } })]);
    }, 6_000);
    expect(attempts).toBe(2);

    expect(await running.queue.retry(id!)).toBe(true);
    const completed = async () => (await running.queue.list({ states: ["completed"] })).filter((j) => j.name === "test-flaky").map((j) => j.id);
    await eventually(async () => expect(await completed()).toEqual([id]));
    expect(attempts).toBe(3);
    expect(await running.queue.list({ states: ["failed", "retry"] })).toEqual([]);
    // Only a failed job can be retried.
    expect(await running.queue.retry(id!)).toBe(false);
  }, 12_000);

  it("creates a job with a given id once, and runs a job sent before a restart after it", async () => {
    const ran: unknown[] = [];
    const record: JobDefinition = { name: "test-record", retryLimit: 0, retryDelaySeconds: 1, run: async (data) => void ran.push(data) };

    // A process that sends but stops before running it (no workers).
    const first = await openTestQueue();
    await first.start([record]);
    const id = jobIdFor("test-record@once");
    expect(await first.send("test-record", { v: 1 }, { id })).toBe(id);
    expect(await first.send("test-record", { v: 2 }, { id })).toBeNull();
    await first.stop();
    expect(ran).toEqual([]);

    await runner([record]);
    await eventually(() => expect(ran).toEqual([{ v: 1 }]));
  }, 8_000);
});
