// @ts-check
/**
 * PGlite has no lock of its own: two processes opening one data directory both
 * "succeed" and silently corrupt it. This lock file makes the second one fail
 * fast with a message that says what to do.
 *
 * Plain JavaScript: server.mjs (run by Node.js without compilation) takes the
 * lock before it listens, for the database client that the first request opens.
 */
import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  /** @param {string} dir @param {number} pid */
  constructor(dir, pid) {
    super(
      `The embedded database in ${dir} is already open in another process (pid ${pid}). ` +
        `Stop that process first, or point FACTDESK_DATA_DIR at another directory.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** The embedded database's directory: FACTDESK_DATA_DIR, else ./.data. */
export function dataDir() {
  return path.resolve(/*turbopackIgnore: true*/ process.env.FACTDESK_DATA_DIR || ".data");
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}

/**
 * Takes the lock or throws DataDirLockedError (also when this process holds it
 * already: one client per directory and process); returns the function that releases it.
 * @param {string} dir
 * @returns {() => void}
 */
export function acquireDataDirLock(dir) {
  const lockPath = path.join(dir, "factdesk.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off("exit", release);
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      // The process that held it is gone: the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${lockPath}`);
}

/**
 * Locks taken ahead for the database client, by directory. On globalThis: the
 * server's copy of this module and the one bundled into the app's routes are two.
 * @returns {Map<string, () => void>}
 */
function reserved() {
  const state = /** @type {{ __factdeskReservedLocks?: Map<string, () => void> }} */ (globalThis);
  return (state.__factdeskReservedLocks ??= new Map());
}

/**
 * For a server that opens the database lazily: takes the lock now (creating the
 * directory), so a directory another process holds stops the server before it
 * listens. The database client takes it over with `claimDataDirLock`.
 * @param {string} dir
 */
export function reserveDataDirLock(dir) {
  fs.mkdirSync(dir, { recursive: true });
  reserved().set(path.resolve(dir), acquireDataDirLock(dir));
}

/**
 * The database client's lock: the one reserved at start, once, else a new one.
 * @param {string} dir
 * @returns {() => void}
 */
export function claimDataDirLock(dir) {
  const key = path.resolve(dir);
  const release = reserved().get(key);
  if (!release) return acquireDataDirLock(dir);
  reserved().delete(key);
  return release;
}
