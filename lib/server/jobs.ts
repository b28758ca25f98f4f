import "server-only";
/**
 * Work the server does on its own, never while rendering a page: every kind of
 * job, and the schedules that send some of them, declared once here. They run
 * on the job queue (lib/server/job-queue.ts): pg-boss on PostgreSQL, the
 * embedded runner on PGlite. docs/architecture.md, "Jobs", says how.
 */
import { localDateOf } from "@/lib/local-date";
import { now } from "./clock";
import { createEmbeddedQueue, createPgBossQueue, currentJobQueue, jobIdFor, listJobs, useJobQueue, type JobDefinition, type JobQueue, type JobRow } from "./job-queue";
import { deliverMail, dispatchMail, MAIL_DELIVER_JOB, sendDailyDigests } from "./mail";
import { MAIL_DISPATCH_JOB } from "./mail-outbox";
import { notifyDueRefreshes } from "./refresh";
import { LINK_CHECK_RUN_JOB, LINK_CHECK_SOURCE_JOB } from "./link-checker";
import { checkAddedSource, runLinkChecks } from "./link-checks";
import { getSiteSettings } from "./settings";
import type { Actor } from "./actor";
import { DomainError, databaseOutage, notFound } from "./errors";
import { authorize } from "./policies/newsroom";

export const JOBS = {
  /** Tells each assignee when a scheduled refresh's day has come (docs/publishing.md, "The refresh queue"). */
  refreshReminders: { name: "refresh-reminders", run: () => notifyDueRefreshes(), retryLimit: 2, retryDelaySeconds: 30 },
  /** Queues a delivery for every email written since it last ran (lib/server/mail.ts). */
  mailDispatch: { name: MAIL_DISPATCH_JOB, run: () => dispatchMail(), retryLimit: 2, retryDelaySeconds: 10 },
  /** Sends one email, or files it in the outbox without SMTP_URL; the job's id is the message's. */
  mailDeliver: { name: MAIL_DELIVER_JOB, run: (data) => deliverMail({ messageId: String(data.messageId) }), retryLimit: 5, retryDelaySeconds: 30 },
  /** Everyone's daily digest, with what is stale and due for editors. */
  mailDigests: { name: "mail-digests", run: (data) => sendDailyDigests({ date: String(data.slot) }), retryLimit: 3, retryDelaySeconds: 60 },
  /** Checks the links of the cited sources whose turn has come (each once a day, spread over the day: lib/server/link-checks.ts). */
  linkChecks: { name: LINK_CHECK_RUN_JOB, run: () => (scheduledLinkChecks() ? runLinkChecks() : Promise.resolve()), retryLimit: 1, retryDelaySeconds: 60 },
  /** A source just added: its first check, which keeps its first archived copy. */
  linkCheckSource: {
    name: LINK_CHECK_SOURCE_JOB,
    run: (data) => (scheduledLinkChecks() ? checkAddedSource({ sourceId: String(data.sourceId) }) : Promise.resolve()),
    retryLimit: 2,
    retryDelaySeconds: 300,
  },
} as const satisfies Record<string, JobDefinition>;

export const JOB_DEFINITIONS: readonly JobDefinition[] = Object.values(JOBS);

/** FACTDESK_LINK_CHECKS=off: no scheduled link checks and no first look at new sources ("Check now" still works). */
function scheduledLinkChecks(): boolean {
  return process.env.FACTDESK_LINK_CHECKS !== "off";
}

/**
 * A job sent on a clock: once per period whichever instance sends it first, as
 * the job's id is the period's (`minutes`: every N minutes; `dailyAtHour`: each
 * day at that hour of the site's time zone, or on start when that hour passed
 * while no server ran).
 */
export type Schedule = { job: string } & ({ everyMinutes: number } | { dailyAtHour: number });

export const SCHEDULES: readonly Schedule[] = [
  { job: JOBS.refreshReminders.name, everyMinutes: 1 },
  // Sends what a prompt dispatch missed (the process stopped between writing an email and dispatching it).
  { job: JOBS.mailDispatch.name, everyMinutes: 1 },
  { job: JOBS.mailDigests.name, dailyAtHour: 7 },
  // Each run checks what is due, at most 8 minutes of it: a source is due once a day at its own minute.
  { job: JOBS.linkChecks.name, everyMinutes: 10 },
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

const processJobs = globalThis as unknown as { __factdeskJobRunner?: Promise<RunningJobs | undefined> };

/** The queue of this process's database: pg-boss when DATABASE_URL is set, else the embedded runner. */
export async function createQueueFromEnv(): Promise<JobQueue> {
  const url = process.env.DATABASE_URL;
  return url ? createPgBossQueue(url) : createEmbeddedQueue();
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
