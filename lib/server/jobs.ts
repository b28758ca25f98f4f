import "server-only";
/**
 * Work the server does on its own, never while rendering a page: every kind of
 * job, and the schedules that send some of them, declared once here. They run
 * on the job queue (lib/server/job-queue.ts): pg-boss on PostgreSQL, the
 * embedded runner on PGlite. docs/architecture.md, "Jobs", says how.
 */
import { localDateOf } from "@/lib/local-date";
import { now } from "./clock";
import { createEmbeddedQueue, createPgBossQueue, jobIdFor, listJobs, type JobDefinition, type JobQueue, type JobRow, type SendOptions } from "./job-queue";
import { notifyDueRefreshes } from "./refresh";
import { getSiteSettings } from "./settings";
import type { Actor } from "./actor";
import { DomainError, databaseOutage, notFound } from "./errors";
import { authorize } from "./policies/newsroom";

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

// ---------------------------------------------------------------------------
// The queue as admins see it (/admin/jobs)

export type JobDto = {
  id: string;
  name: string;
  state: JobRow["state"];
  /** Tries so far beyond the first, and how many it may have. */
  retryCount: number;
  retryLimit: number;
  error: string | null;
  createdAt: string;
  /** When it may run (a retry waits for its backoff). */
  startAfter: string;
  startedAt: string | null;
};

export type JobQueueOverview = { waiting: JobDto[]; running: JobDto[]; failed: JobDto[] };

const toDto = (job: JobRow): JobDto => ({
  id: job.id,
  name: job.name,
  state: job.state,
  retryCount: job.retryCount,
  retryLimit: job.retryLimit,
  error: job.error,
  createdAt: job.createdAt.toISOString(),
  startAfter: job.startAfter.toISOString(),
  startedAt: job.startedAt?.toISOString() ?? null,
});

/** What waits (new or retrying), runs and failed, newest first (admins). */
export async function listJobQueue({ actor, limit = 100 }: { actor: Actor; limit?: number }): Promise<JobQueueOverview> {
  authorize(actor, "manage_jobs");
  const rows = await listJobs({ states: ["created", "retry", "active", "failed"], limit: limit * 3 });
  return {
    waiting: rows.filter((j) => j.state === "created" || j.state === "retry").slice(0, limit).map(toDto),
    running: rows.filter((j) => j.state === "active").slice(0, limit).map(toDto),
    failed: rows.filter((j) => j.state === "failed").slice(0, limit).map(toDto),
  };
}

/** Queues a failed job once more (admins). */
export async function retryJob({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  authorize(actor, "manage_jobs");
  const queue = currentJobQueue();
  if (!queue) throw new DomainError("conflict", "The job queue is not running in this server; try again in a minute");
  if (!(await queue.retry(id))) throw notFound("This job is not failed (any more)");
}
