/**
 * Job queues for tests: the engine the app would use on the current backend
 * (pg-boss on the file's PostgreSQL database, else the embedded runner),
 * polling often so that tests wait little.
 */
import { vi } from "vitest";
import { createEmbeddedQueue, createPgBossQueue, type JobQueue } from "@/lib/server/job-queue";
import { backend, testDatabaseUrl } from "./db";

export async function openTestQueue(): Promise<JobQueue> {
  return backend === "postgres" ? createPgBossQueue(testDatabaseUrl(), { pollingIntervalSeconds: 0.5 }) : createEmbeddedQueue({ pollIntervalMs: 50 });
}

/** Retries `check` until it passes (jobs run in the background). */
export const eventually = <T>(check: () => Promise<T> | T, timeout = 4_000) => vi.waitFor(check, { timeout, interval: 50 });
