/** Shared by the database benchmarks: timing a call, and a fresh database on either backend. */
import { performance } from "node:perf_hooks";
import type * as DbModule from "@/db";

export type Stats = { p50: number; p95: number };

/** p50 and p95 (ms) of `iterations` calls, after `warmup` calls. */
export async function measure(fn: (i: number) => Promise<unknown>, { warmup, iterations }: { warmup: number; iterations: number }): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** The backends to measure, from BENCH_BACKENDS ("pglite,postgres" unless set). */
export function benchBackends(): ("pglite" | "postgres")[] {
  return (process.env.BENCH_BACKENDS || "pglite,postgres").split(",").map((s) => {
    const kind = s.trim();
    if (kind !== "pglite" && kind !== "postgres") throw new Error(`Unknown backend ${kind}`);
    return kind;
  });
}

/**
 * A fresh, migrated database: in-memory PGlite, or a throwaway database on the
 * PostgreSQL server at `pgUrl`, which `drop` removes (unless `keep`).
 */
export async function openBackend(
  db: typeof DbModule,
  kind: "pglite" | "postgres",
  { pgUrl, keep = false }: { pgUrl: string; keep?: boolean },
): Promise<{ handle: DbModule.DbHandle; drop: () => Promise<void> }> {
  if (kind === "pglite") return { handle: await db.openPglite(null), drop: async () => {} };
  const { default: postgres } = await import("postgres");
  const name = `factdesk_bench_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  return {
    handle: await db.openPostgres(url.toString()),
    drop: async () => {
      if (keep) return console.log(`Kept database ${name}`);
      const again = postgres(pgUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
