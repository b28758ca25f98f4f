import "server-only";
/**
 * Work the server does on its own, never while rendering a page: every kind of
 * job, and the schedules that send some of them, declared once here. They run
 * on the job queue (lib/server/job-queue.ts): pg-boss on PostgreSQL, the
 * embedded runner on PGlite. docs/architecture.md, "Jobs", says how.
 */
import { localDateOf } from "@/lib/local-date";
import { now } from "./clock";
import { createEmbeddedQueue, createPgBossQueue, jobIdFor, type JobDefinition, type JobQueue, type SendOptions } from "./job-queue";
import { notifyDueRefreshes } from "./refresh";
import { getSiteSettings } from "./settings";
import { databaseOutage } from "./errors";

export const JOBS = {
  /** Tells each assignee when a scheduled refresh's day has come (docs/publishing.md, "The refresh queue"). */
  refreshReminders: { name: "refresh-reminders", run: () => notifyDueRefreshes(), retryLimit: 2, retryDelaySeconds: 30 },
} as const satisfies Record<string, JobDefinition>;

export const JOB_DEFINITIONS: readonly JobDefinition[] = Object.values(JOBS);

/**
 * A job sent on a clock: once per period whichever instance sends it first, as
 * the job's id is the period's (`minutes`: every N minutes; `dailyAtHour`: each
 * day at that hour of the site's time zone, or on start when that hour passed
 * while no server ran).
 */
export type Schedule = { job: string } & ({ everyMinutes: number } | { dailyAtHour: number });

export const SCHEDULES: readonly Schedule[] = [
  { job: JOBS.refreshReminders.name, everyMinutes: 1 },
];

/** The period a schedule is in at `at`: a minute count, or the site's local date. */
export async function scheduleSlot(schedule: Schedule, at: Date): Promise<string> {
  if ("everyMinutes" in schedule) {
    return String(Math.floor(at.getTime() / (schedule.everyMinutes * 60_000)) * schedule.everyMinutes);
  }
  const { timeZone } = await getSiteSettings();
  return localDateOf(new Date(at.getTime() - schedule.dailyAtHour * 3_600_000), timeZone);
}

export type RunningJobs = {
  queue: JobQueue;
  /** Sends the scheduled jobs of the current periods now (the runner does so every `tickMs`). */
  tick: () => Promise<void>;
  /** Stops sending and running; waits for jobs in progress. */
  stop: () => Promise<void>;
};

/**
 * Runs every kind of job in this process and sends the scheduled ones: on
 * start, then every `tickMs`. Several runners on one PostgreSQL database share
 * the work; each job runs once.
 */
export async function startJobRunner({
  queue,
  definitions = JOB_DEFINITIONS,
  schedules = SCHEDULES,
  tickMs = 20_000,
  clock = now,
}: {
  queue: JobQueue;
  definitions?: readonly JobDefinition[];
  schedules?: readonly Schedule[];
  tickMs?: number;
  clock?: () => Date;
}): Promise<RunningJobs> {
  await queue.start(definitions);
  await queue.work(definitions);
  const tick = async () => {
    const at = clock();
    for (const schedule of schedules) {
      const slot = await scheduleSlot(schedule, at);
      await queue.send(schedule.job, { slot }, { id: jobIdFor(`${schedule.job}@${slot}`) });
    }
  };
  const safeTick = () =>
    tick().catch((error: unknown) => {
      if (!databaseOutage(error)) console.error("Scheduled jobs could not be sent:", error);
    });
  let ticking = safeTick();
  const timer = setInterval(() => {
    ticking = ticking.then(safeTick);
  }, tickMs);
  timer.unref();
  return {
    queue,
    tick,
    async stop() {
      clearInterval(timer);
      await ticking;
      await queue.stop();
    },
  };
}

// ---------------------------------------------------------------------------
// The process's queue

const processJobs = globalThis as unknown as { __factdeskJobQueue?: JobQueue; __factdeskJobRunner?: Promise<RunningJobs | undefined> };

/** The queue of this process's database: pg-boss when DATABASE_URL is set, else the embedded runner. */
export async function createQueueFromEnv(): Promise<JobQueue> {
  const url = process.env.DATABASE_URL;
  return url ? createPgBossQueue(url) : createEmbeddedQueue();
}

/** Installs the queue `sendJob` uses (the server's runner; tests). */
export function useJobQueue(queue: JobQueue | undefined): void {
  processJobs.__factdeskJobQueue = queue;
}

/**
 * Sends a job on this process's queue, when it has one (the server does; a
 * script that writes data does not, and the scheduled sweep then picks up what
 * it wrote).
 */
export async function sendJob(name: string, data: Record<string, unknown> = {}, options: SendOptions = {}): Promise<string | null> {
  const queue = processJobs.__factdeskJobQueue;
  if (!queue) return null;
  return queue.send(name, data, options);
}

/** The running queue, for the admin page; null where none runs. */
export function currentJobQueue(): JobQueue | null {
  return processJobs.__factdeskJobQueue ?? null;
}

/** Starts the jobs once per process (instrumentation.ts, when the server starts). */
export function startServerJobs(): void {
  processJobs.__factdeskJobRunner ??= (async () => {
    try {
      const queue = await createQueueFromEnv();
      useJobQueue(queue);
      return await startJobRunner({ queue });
    } catch (error) {
      // An unreachable database at start: try again in a while.
      processJobs.__factdeskJobRunner = undefined;
      useJobQueue(undefined);
      if (!databaseOutage(error)) console.error("The job queue could not start:", error);
      setTimeout(startServerJobs, 30_000).unref();
      return undefined;
    }
  })();
}
