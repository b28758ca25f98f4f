import "server-only";
/**
 * The job queue: one interface, two engines (docs/architecture.md, "Jobs").
 *
 * - On PostgreSQL, pg-boss: jobs live in the database (schema `pgboss`), every
 *   app instance fetches them with `SKIP LOCKED`, so each job runs once however
 *   many instances run, survives a restart, and is retried with exponential
 *   backoff; failed jobs stay with their error until archived.
 * - On the embedded database (PGlite, one process by construction), a small
 *   runner inside the process with the same states, kept in the `jobs` table so
 *   failures stay visible and pending retries survive a restart.
 *
 * A job sent with an `id` is sent once: a second send with the same id is
 * ignored by both engines (scheduled runs and email deliveries rely on it).
 */
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { databaseKind, getDb } from "@/db";
import { jobs } from "@/db/schema";
import { databaseOutage } from "./errors";
import { afterJob } from "./public-cache";

export type JobState = "created" | "retry" | "active" | "completed" | "failed";

/** How a kind of job runs: its handler and how often a failure is tried again. */
export type JobDefinition = {
  name: string;
  run: (data: Record<string, unknown>) => Promise<unknown>;
  /** Tries after the first failure. */
  retryLimit: number;
  /** Seconds before the first retry; each next one waits about twice as long. */
  retryDelaySeconds: number;
};

export type SendOptions = {
  /** A job with this id is created once (a UUID; see `jobIdFor`). */
  id?: string;
  /** Seconds to wait before the job may run. */
  startAfterSeconds?: number;
};

export type JobRow = {
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown>;
  retryCount: number;
  retryLimit: number;
  error: string | null;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
};

export interface JobQueue {
  readonly engine: "pg-boss" | "embedded";
  /** Opens the queue; declares each kind of job with its retry rules. */
  start(definitions: readonly JobDefinition[]): Promise<void>;
  /** Starts running jobs of these kinds in this process. */
  work(definitions: readonly JobDefinition[]): Promise<void>;
  /** Queues a job; returns its id, or null when a job with that id exists already. */
  send(name: string, data?: Record<string, unknown>, options?: SendOptions): Promise<string | null>;
  /** Jobs in these states, newest first. */
  list(options: { states: readonly JobState[]; limit?: number }): Promise<JobRow[]>;
  /** Queues a failed job once more; false when it is not (or no longer) failed. */
  retry(id: string): Promise<boolean>;
  /** Stops fetching, waits for the jobs running in this process, closes connections. */
  stop(): Promise<void>;
}

/** A stable UUID for a key: the same key always names the same job. */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  // Shaped as an RFC 9562 version-8 (custom) UUID, which PostgreSQL's uuid type accepts.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function errorOutput(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** Seconds before retry number `retryCount + 1`: the delay doubled per earlier retry. */
export function backoffSeconds(retryDelaySeconds: number, retryCount: number): number {
  return Math.max(1, retryDelaySeconds) * 2 ** Math.min(16, retryCount);
}

/**
 * Jobs in these states, newest first, read from the tables of the engine this
 * database uses (none yet where pg-boss never started on it).
 */
export async function listJobs(options: { states: readonly JobState[]; limit?: number }): Promise<JobRow[]> {
  return (await databaseKind()) === "postgres" ? listPgBossJobs(options) : listEmbeddedJobs(options);
}

// ---------------------------------------------------------------------------
// PostgreSQL: pg-boss

type PgBossJob = { id: string; name: string; data: Record<string, unknown> };
type PgBoss = {
  start(): Promise<unknown>;
  stop(options?: { graceful?: boolean; wait?: boolean; timeout?: number }): Promise<void>;
  on(event: "error", listener: (error: unknown) => void): void;
  createQueue(name: string, options: Record<string, unknown>): Promise<void>;
  getQueue(name: string): Promise<unknown>;
  send(name: string, data: object, options: Record<string, unknown>): Promise<string | null>;
  work(name: string, options: Record<string, unknown>, handler: (jobs: PgBossJob[]) => Promise<unknown>): Promise<string>;
  retry(name: string, id: string): Promise<{ affected: number }>;
};

type PgBossRow = {
  id: string;
  name: string;
  state: JobState;
  data: Record<string, unknown> | null;
  retry_count: number;
  retry_limit: number;
  output: { message?: string; value?: { message?: string } } | null;
  created_on: Date;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
};

async function listPgBossJobs({ states, limit = 100 }: { states: readonly JobState[]; limit?: number }): Promise<JobRow[]> {
  const db = await getDb();
  const rowsOf = <T>(result: unknown) => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
  const [schema] = rowsOf<{ present: boolean }>(await db.execute(sql`select to_regclass('pgboss.job') is not null as present`));
  if (!schema?.present) return [];
  const rows = rowsOf<PgBossRow>(
    await db.execute(
      sql`select id::text, name, state::text as state, data, retry_count, retry_limit, output, created_on, start_after, started_on, completed_on
          from pgboss.job
          where state::text in (${sql.join(
            states.map((s) => sql`${s}`),
            sql`, `,
          )}) and name not like '\_\_pgboss%'
          order by created_on desc
          limit ${limit}`,
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    data: r.data ?? {},
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    error: r.state === "failed" || r.state === "retry" ? (r.output?.message ?? r.output?.value?.message ?? null) : null,
    createdAt: new Date(r.created_on),
    startAfter: new Date(r.start_after),
    startedAt: r.started_on ? new Date(r.started_on) : null,
    completedAt: r.completed_on ? new Date(r.completed_on) : null,
  }));
}

export async function createPgBossQueue(connectionString: string, options: { pollingIntervalSeconds?: number } = {}): Promise<JobQueue> {
  const { default: PgBossClass } = (await import("pg-boss")) as unknown as { default: new (options: Record<string, unknown>) => PgBoss };
  const boss = new PgBossClass({
    connectionString,
    schema: "pgboss",
    max: Number(process.env.JOBS_POOL_SIZE || 4),
    application_name: "factdesk-jobs",
    // Scheduled runs are sent by lib/server/jobs.ts (with a job id per period), not by pg-boss's cron.
    schedule: false,
    // A finished job stays (and so keeps its id taken) longer than the longest schedule period, a day.
    archiveCompletedAfterSeconds: 2 * 24 * 3600,
    archiveFailedAfterSeconds: 14 * 24 * 3600,
    deleteAfterDays: 30,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
  });
  boss.on("error", (error) => {
    if (!databaseOutage(error)) console.error("Job queue error:", error);
  });
  let started: Promise<unknown> | undefined;
  const declared = new Set<string>();
  const ensureStarted = () => (started ??= boss.start());
  const declare = async (definitions: readonly JobDefinition[]) => {
    await ensureStarted();
    for (const def of definitions) {
      if (declared.has(def.name)) continue;
      for (let attempt = 1; ; attempt += 1) {
        try {
          if (!(await boss.getQueue(def.name))) {
            await boss.createQueue(def.name, {
              retryLimit: def.retryLimit,
              retryDelay: Math.max(1, def.retryDelaySeconds),
              retryBackoff: true,
              expireInSeconds: 15 * 60,
            });
          }
          break;
        } catch (error) {
          // Instances starting together create the same queues at once, and PostgreSQL may end
          // one of them with a deadlock (its partition tables lock in different orders): again.
          if ((error as { code?: string }).code !== "40P01" || attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
        }
      }
      declared.add(def.name);
    }
  };

  return {
    engine: "pg-boss",
    start: declare,
    async work(definitions) {
      await declare(definitions);
      for (const def of definitions) {
        await boss.work(def.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
          await afterJob(() => def.run(job!.data ?? {}));
        });
      }
    },
    async send(name, data = {}, sendOptions = {}) {
      await ensureStarted();
      return boss.send(name, data, {
        ...(sendOptions.id ? { id: sendOptions.id } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: Math.ceil(sendOptions.startAfterSeconds) } : {}),
      });
    },
    async list(options) {
      await ensureStarted();
      return listPgBossJobs(options);
    },
    async retry(id) {
      await ensureStarted();
      const db = await getDb();
      const result = (await db.execute(sql`select name from pgboss.job where id::text = ${id} and state = 'failed'`)) as unknown;
      const [job] = (Array.isArray(result) ? result : (result as { rows: { name: string }[] }).rows) as { name: string }[];
      if (!job) return false;
      const { affected } = await boss.retry(job.name, id);
      return affected > 0;
    },
    async stop() {
      if (!started) return;
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      started = undefined;
    },
  };
}

// ---------------------------------------------------------------------------
// Embedded database: a runner in this process, on the `jobs` table

async function listEmbeddedJobs({ states, limit = 100 }: { states: readonly JobState[]; limit?: number }): Promise<JobRow[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(jobs)
    .where(inArray(jobs.state, [...states]))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state as JobState,
    data: r.data,
    retryCount: r.retryCount,
    retryLimit: r.retryLimit,
    error: r.state === "failed" || r.state === "retry" ? (r.output?.message ?? null) : null,
    createdAt: r.createdAt,
    startAfter: r.startAfter,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
  }));
}

export function createEmbeddedQueue(options: { pollIntervalMs?: number; concurrency?: number } = {}): JobQueue {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  const handlers = new Map<string, JobDefinition>();
  const retryRules = new Map<string, JobDefinition>();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let polling: Promise<void> | undefined;
  let again = false;

  const finish = async (id: string, def: JobDefinition, error: unknown) => {
    const db = await getDb();
    if (error === undefined) {
      await db.update(jobs).set({ state: "completed", completedAt: new Date(), output: null }).where(eq(jobs.id, id));
      return;
    }
    const [row] = await db.select({ retryCount: jobs.retryCount, retryLimit: jobs.retryLimit, retryDelaySeconds: jobs.retryDelaySeconds }).from(jobs).where(eq(jobs.id, id));
    if (!row) return;
    const retries = row.retryCount < row.retryLimit;
    await db
      .update(jobs)
      .set({
        state: retries ? "retry" : "failed",
        retryCount: retries ? row.retryCount + 1 : row.retryCount,
        startAfter: retries ? new Date(Date.now() + backoffSeconds(row.retryDelaySeconds, row.retryCount) * 1000) : undefined,
        completedAt: retries ? null : new Date(),
        output: errorOutput(error),
      })
      .where(eq(jobs.id, id));
    if (databaseOutage(error)) return;
    // A failure that will be retried in one line; the last one with its stack (it also stays on /admin/jobs).
    if (retries) console.error(`Job "${def.name}" ${id} failed (it will be retried): ${error instanceof Error ? error.message : String(error)}`);
    else console.error(`Job "${def.name}" ${id} failed:`, error);
  };

  /** Claims due jobs and runs them, up to `concurrency` at a time. */
  const poll = async () => {
    while (!stopped && running.size < concurrency) {
      const db = await getDb();
      const names = [...handlers.keys()];
      if (names.length === 0) return;
      const [job] = await db
        .update(jobs)
        .set({ state: "active", startedAt: new Date() })
        .where(
          eq(
            jobs.id,
            sql`(select id from ${jobs} where ${and(inArray(jobs.state, ["created", "retry"]), lte(jobs.startAfter, new Date()), inArray(jobs.name, names))} order by ${jobs.startAfter} limit 1 for update skip locked)`,
          ),
        )
        .returning({ id: jobs.id, name: jobs.name, data: jobs.data });
      if (!job) return;
      const def = handlers.get(job.name)!;
      const run: Promise<void> = Promise.resolve()
        .then(() => afterJob(() => def.run(job.data ?? {})))
        .then(
          () => finish(job.id, def, undefined),
          (error: unknown) => finish(job.id, def, error ?? new Error("failed")),
        )
        .catch((error: unknown) => {
          if (!databaseOutage(error)) console.error(`Job "${def.name}" ${job.id} could not be recorded:`, error);
        })
        .finally(() => {
          running.delete(run);
          wake();
        });
      running.add(run);
    }
  };

  const wake = () => {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = poll()
      .catch((error: unknown) => {
        if (!databaseOutage(error)) console.error("Job queue error:", error);
      })
      .finally(() => {
        polling = undefined;
        if (again) {
          again = false;
          wake();
        }
      });
  };

  return {
    engine: "embedded",
    async start(definitions) {
      for (const def of definitions) retryRules.set(def.name, def);
    },
    async work(definitions) {
      for (const def of definitions) {
        handlers.set(def.name, def);
        retryRules.set(def.name, def);
      }
      if (stopped) {
        stopped = false;
        // Jobs this process was running when it last stopped abruptly count as failed runs.
        const db = await getDb();
        const interrupted = await db
          .select({ id: jobs.id, name: jobs.name })
          .from(jobs)
          .where(and(eq(jobs.state, "active"), inArray(jobs.name, [...handlers.keys()])));
        for (const job of interrupted) await finish(job.id, handlers.get(job.name)!, new Error("Interrupted: the server stopped while the job ran"));
        timer = setInterval(wake, pollIntervalMs);
        timer.unref();
      }
      wake();
    },
    async send(name, data = {}, sendOptions = {}) {
      const rules = retryRules.get(name);
      if (!rules) throw new Error(`No job named "${name}"`);
      const db = await getDb();
      const id = sendOptions.id ?? randomUUID();
      const [row] = await db
        .insert(jobs)
        .values({
          id,
          name,
          data,
          retryLimit: rules.retryLimit,
          retryDelaySeconds: rules.retryDelaySeconds,
          startAfter: new Date(Date.now() + (sendOptions.startAfterSeconds ?? 0) * 1000),
        })
        .onConflictDoNothing()
        .returning({ id: jobs.id });
      if (row && !sendOptions.startAfterSeconds) wake();
      return row?.id ?? null;
    },
    list: listEmbeddedJobs,
    async retry(id) {
      const db = await getDb();
      const updated = await db
        .update(jobs)
        .set({ state: "retry", retryLimit: sql`${jobs.retryLimit} + 1`, startAfter: new Date(), completedAt: null })
        .where(and(eq(jobs.id, id), eq(jobs.state, "failed")))
        .returning({ id: jobs.id });
      if (updated.length > 0) wake();
      return updated.length > 0;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await polling;
      await Promise.all(running);
    },
  };
}

// ---------------------------------------------------------------------------
// The process's queue

const processQueue = globalThis as unknown as { __factdeskJobQueue?: JobQueue };

/** Installs the queue `sendJob` uses (the server's runner; tests). */
export function useJobQueue(queue: JobQueue | undefined): void {
  processQueue.__factdeskJobQueue = queue;
}

/**
 * Sends a job on this process's queue, when it has one (the server does; a
 * script that writes data does not, and the scheduled sweep then picks up what
 * it wrote).
 */
export async function sendJob(name: string, data: Record<string, unknown> = {}, options: SendOptions = {}): Promise<string | null> {
  const queue = processQueue.__factdeskJobQueue;
  if (!queue) return null;
  return queue.send(name, data, options);
}

/** The running queue, for the admin page; null where none runs. */
export function currentJobQueue(): JobQueue | null {
  return processQueue.__factdeskJobQueue ?? null;
}

