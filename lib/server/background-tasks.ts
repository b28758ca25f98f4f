import "server-only";
import { databaseOutage } from "./errors";
import { notifyDueRefreshes } from "./refresh";

/**
 * Work the server does on its own clock, never while rendering a page: each
 * process runs every task at start and then every `everyMs`, one run of a task
 * at a time. Tasks that must not run twice at once across app instances
 * serialize themselves in the database (refresh reminders take an advisory lock).
 */
export type BackgroundTask = {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
};

export const BACKGROUND_TASKS: readonly BackgroundTask[] = [
  // Tells each assignee when a scheduled refresh's day has come (docs/publishing.md, "The refresh queue").
  { name: "refresh-due reminders", everyMs: 60_000, run: notifyDueRefreshes },
];

export type RunningTasks = {
  /** Stops the timers and waits for the runs in progress. */
  stop: () => Promise<void>;
};

/**
 * Starts `tasks` on timers that do not keep the process alive. A failed run is
 * logged (an unreachable database in one line) and the task runs again at its
 * next time.
 */
export function startBackgroundTasks(tasks: readonly BackgroundTask[] = BACKGROUND_TASKS): RunningTasks {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const runTask = (task: BackgroundTask) => {
    const run = Promise.resolve()
      .then(() => task.run())
      .then(
        () => undefined,
        (error: unknown) => {
          if (!databaseOutage(error)) console.error(`Background task "${task.name}" failed:`, error);
        },
      )
      .finally(() => {
        running.delete(run);
        if (!stopped) schedule(task);
      });
    running.add(run);
  };
  const schedule = (task: BackgroundTask) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      runTask(task);
    }, task.everyMs);
    timer.unref();
    timers.add(timer);
  };

  for (const task of tasks) runTask(task);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}

const processTasks = globalThis as unknown as { __factdeskBackgroundTasks?: RunningTasks };

/** Starts the server's background tasks once per process (instrumentation.ts, when the server starts). */
export function startServerBackgroundTasks(): void {
  processTasks.__factdeskBackgroundTasks ??= startBackgroundTasks();
}
