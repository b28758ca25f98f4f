/**
 * The server as `npm start` runs it (FACTDESK_PREPARE_DATABASE=true): on a new
 * data directory it migrates and loads the demo data itself as it starts, unasked,
 * says so and warns about the demo accounts; started again on the same
 * directory it loads nothing more and still serves the demo's checks. The
 * directory it is started on again is as a version before the last migration
 * left it: the server applies that migration before it answers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { migrationJournal, SET_BACK_COUNT, setBackLastMigrations } from "../test/migration-set-back";
import { expect, test } from "./fixtures";

const root = path.resolve(__dirname, "..");
const PORT = Number(process.env.FACTDESK_E2E_PORT || 3107) + 15;
const base = `http://127.0.0.1:${PORT}`;

type Started = { child: ChildProcess; output: () => { stdout: string; stderr: string } };

async function start(dataDir: string, secret: string): Promise<Started> {
  const child = spawn(process.execPath, ["server.mjs", "--port", String(PORT), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: {
      ...process.env,
      FACTDESK_DATA_DIR: dataDir,
      FACTDESK_PREPARE_DATABASE: "true",
      DATABASE_URL: "",
      REDIS_URL: "",
      FACTDESK_DEMO_DATA: "",
      AUTH_SECRET: secret,
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  // Prepared as it starts, before anyone asks it for anything.
  await expect.poll(() => stdout, { timeout: 120_000, intervals: [250] }).toContain("Database ready");
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}): ${stderr}`);
        return fetch(`${base}/api/health`).then((r) => r.status, () => 0);
      },
      { timeout: 120_000, intervals: [250] },
    )
    .toBe(200);
  return { child, output: () => ({ stdout, stderr }) };
}


/** How many migrations the directory's database has applied, and whether the last one's column is there. */
async function appliedMigrations(dataDir: string) {
  const client = await PGlite.create(path.join(dataDir, "pgdata"));
  try {
    const applied = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    const store = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'source_snapshots' AND column_name = 'store'`);
    return { applied: applied.rows[0]!.n, storeColumn: store.rows.length === 1 };
  } finally {
    await client.close();
  }
}

async function stop({ child }: Started) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

test("the server prepares a new database itself before answering, and only once", async () => {
  test.setTimeout(300_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-start-"));
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    const first = await start(dataDir, secret);
    try {
      const { stdout, stderr } = first.output();
      expect(stdout).toContain("Database ready (embedded PGlite); demo data and demo accounts loaded.");
      expect(stderr).toContain("WARNING: demo accounts can sign in");
      expect(stderr).toContain("writer@factdesk.test (writer)");
      const home = await (await fetch(`${base}/`)).text();
      expect(home).toContain("Does a four-day school week improve test scores?");
    } finally {
      await stop(first);
    }

    // As a version before the last migrations left it.
    await setBackLastMigrations(dataDir);
    expect(await appliedMigrations(dataDir)).toEqual({ applied: migrationJournal.entries.length - SET_BACK_COUNT, storeColumn: false });

    const again = await start(dataDir, secret);
    try {
      const { stdout } = again.output();
      expect(stdout).toContain("Database ready (embedded PGlite).");
      expect(stdout).not.toContain("demo data and demo accounts loaded");
      expect(await (await fetch(`${base}/`)).text()).toContain("Does a four-day school week improve test scores?");
    } finally {
      await stop(again);
    }
    // Migrated as it started: "Database ready" comes after the migrations, and before any answer (start()).
    expect(await appliedMigrations(dataDir)).toEqual({ applied: migrationJournal.entries.length, storeColumn: true });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
