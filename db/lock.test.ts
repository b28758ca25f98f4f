import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, claimDataDirLock, DataDirLockedError, reserveDataDirLock } from "./lock.mjs";
import { runToExit } from "../test/processes";
import { openPglite } from "./index";

const dirs: string[] = [];
const releases: (() => void)[] = [];

afterEach(() => {
  for (const release of releases.splice(0)) release();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-lock-"));
  dirs.push(dir);
  return dir;
}

const lockFile = (dir: string) => path.join(dir, "factdesk.lock");

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("acquireDataDirLock", () => {
  it("writes this process's pid and removes the file on release", () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it("refuses a second lock on the same directory with a message naming it", () => {
    const dir = tempDir();
    releases.push(acquireDataDirLock(dir));
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toBe(
      `The embedded database in ${dir} is already open in another process (pid ${process.pid}). ` +
        `Stop that process first, or point FACTDESK_DATA_DIR at another directory.`,
    );
    // The holder's lock is untouched.
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  });

  it("takes over a stale lock left by a process that is gone", () => {
    const dir = tempDir();
    const pid = deadPid();
    fs.writeFileSync(lockFile(dir), String(pid));
    releases.push(acquireDataDirLock(dir));
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  });

  it("takes over a lock file with garbage in it", () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir), "not a pid");
    releases.push(acquireDataDirLock(dir));
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  });

  it("does not remove a lock that another process has taken since", () => {
    const dir = tempDir();
    const release = acquireDataDirLock(dir);
    fs.writeFileSync(lockFile(dir), "999999");
    release();
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe("999999");
  });
});

describe("openPglite on a data directory", () => {
  it(
    "holds the lock while open: a second process fails fast with a clear message, a second open here too",
    async () => {
      const dir = tempDir();
      const handle = await openPglite(dir);
      try {
        expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
        const child = spawn(
          process.execPath,
          ["--import", "tsx", path.join(process.cwd(), "test", "fixtures", "open-data-dir.ts"), dir],
          { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] },
        );
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
        expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
        expect(stderr).toContain(
          `DataDirLockedError: The embedded database in ${dir} is already open in another process (pid ${process.pid}).`,
        );
        await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirLockedError);
      } finally {
        await handle.close();
      }
      expect(fs.existsSync(lockFile(dir))).toBe(false);
    },
    // The first open of a data directory runs initdb (2–5 s), and the child starts tsx.
    30_000,
  );
});

describe("a lock reserved ahead for the database client (server.mjs)", () => {
  it("is handed to the first client once; a second one in this process is refused", () => {
    const dir = path.join(tempDir(), "not-yet");
    reserveDataDirLock(dir);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    const release = claimDataDirLock(dir);
    releases.push(release);
    expect(() => claimDataDirLock(dir)).toThrow(DataDirLockedError);
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    // Nothing reserved: a client takes a lock of its own.
    releases.push(claimDataDirLock(dir));
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  });
});

describe("node server.mjs on a data directory another process holds", () => {
  it("exits at once with status 1 and the message npm start gives, before it listens", async () => {
    const dir = tempDir();
    releases.push(acquireDataDirLock(dir));
    const finished = await runToExit(process.execPath, ["server.mjs", "--port", "0", "--hostname", "127.0.0.1"], {
      cwd: process.cwd(),
      env: { ...process.env, FACTDESK_DATA_DIR: dir, DATABASE_URL: "" },
      killAfterMs: 4_000,
    });
    expect(finished).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `The embedded database in ${dir} is already open in another process (pid ${process.pid}). ` +
        `Stop that process first, or point FACTDESK_DATA_DIR at another directory.\n`,
    });
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
  });
});
