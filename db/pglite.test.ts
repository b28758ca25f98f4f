/**
 * The embedded database begun early by server.mjs (db/pglite.mjs) is the one
 * the database client takes, and it is migrated before it is handed out, as
 * a client the database client opens itself: a directory left by a version
 * with fewer migrations gets the new ones.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { openPglite } from "./index";
import { reserveDataDirLock } from "./lock.mjs";
import { migrationJournal, setBackLastMigrations } from "../test/migration-set-back";
import { openPgliteEarly, PGLITE_TYPES, pgliteSharedBuffers, takeEarlyPglite } from "./pglite.mjs";

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factdesk-pglite-"));
  dirs.push(dir);
  return dir;
}

async function columnsOfSnapshots(client: { query: PGlite["query"] }): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'source_snapshots' ORDER BY column_name`,
  );
  return rows.map((r) => r.column_name);
}

describe("a database begun early (server.mjs)", () => {
  it(
    "is taken once by the database client, which applies a pending migration before handing it out",
    async () => {
      const dir = tempDir();
      // Created (initdb) and migrated, then set back by its last migrations.
      await (await openPglite(dir)).close();
      await setBackLastMigrations(dir);

      // As server.mjs starts: the lock first, then the open begins.
      reserveDataDirLock(dir);
      openPgliteEarly(dir);
      const handle = await openPglite(dir);
      try {
        // Taken: nothing is left for a second client to take.
        expect(takeEarlyPglite(dir)).toBeUndefined();
        const rows = async <T>(query: SQL) => ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
        const [applied] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
        expect(applied!.n).toBe(migrationJournal.entries.length);
        const columns = await rows<{ column_name: string }>(
          sql`SELECT column_name FROM information_schema.columns WHERE table_name = 'source_snapshots' AND column_name IN ('store', 'object_key') ORDER BY column_name`,
        );
        expect(columns.map((r) => r.column_name)).toEqual(["object_key", "store"]);
        // Its buffer pool is the server's, not the data directory's 128MB.
        const [buffers] = await rows<{ shared_buffers: string }>(sql`SHOW shared_buffers`);
        expect(buffers!.shared_buffers).toBe("32MB");
      } finally {
        await handle.close();
      }
      // Closed and unlocked as a client opened by the database client is.
      expect(fs.existsSync(path.join(dir, "factdesk.lock"))).toBe(false);
      const again = await PGlite.create(path.join(dir, "pgdata"));
      try {
        expect(await columnsOfSnapshots(again)).toContain("store");
      } finally {
        await again.close();
      }
    },
    // initdb (2–5 s), then three opens of the directory.
    60_000,
  );
});

describe("the embedded database's buffer pool", () => {
  it("is 32MB unless FACTDESK_PGLITE_SHARED_BUFFERS sets a size; anything else stops the open with the setting's name", () => {
    expect(pgliteSharedBuffers({})).toBe("32MB");
    expect(pgliteSharedBuffers({ FACTDESK_PGLITE_SHARED_BUFFERS: " 128MB " })).toBe("128MB");
    expect(pgliteSharedBuffers({ FACTDESK_PGLITE_SHARED_BUFFERS: "512kB" })).toBe("512kB");
    for (const wrong of ["lots", "32", "32mb", "0MB", "-1MB"]) {
      expect(() => pgliteSharedBuffers({ FACTDESK_PGLITE_SHARED_BUFFERS: wrong })).toThrow(/FACTDESK_PGLITE_SHARED_BUFFERS must be a size/);
    }
  });
});

describe("bytea in the embedded database", () => {
  it("is read and written as PGlite's own conversion does it: the same bytes stored, the same Uint8Array read", async () => {
    const ours = await PGlite.create(PGLITE_TYPES);
    const its = await PGlite.create();
    try {
      // Empty, one of each byte value, and the size of a large check's live state.
      const large = new Uint8Array(90_000).map((_, i) => (i * 7919 + (i >> 5)) % 256);
      const values = [new Uint8Array(0), Uint8Array.from({ length: 256 }, (_, i) => i), large, large.subarray(1_000, 1_017)];
      for (const client of [ours, its]) await client.exec("create table blobs (n int primary key, b bytea not null)");
      for (const [n, value] of values.entries()) {
        for (const client of [ours, its]) await client.query("insert into blobs (n, b) values ($1, $2)", [n, value]);
      }
      const stored = async (client: PGlite) => (await client.query<{ n: number; md5: string; len: number }>("select n, md5(b), octet_length(b) as len from blobs order by n")).rows;
      expect(await stored(ours)).toEqual(await stored(its));
      expect((await stored(ours)).map((row) => row.len)).toEqual([0, 256, 90_000, 17]);
      for (const client of [ours, its]) {
        const { rows } = await client.query<{ b: Uint8Array }>("select b from blobs order by n");
        rows.forEach((row, n) => {
          expect(row.b.constructor).toBe(Uint8Array);
          expect(row.b).toEqual(new Uint8Array(values[n]!));
        });
      }
      await expect(ours.query("insert into blobs (n, b) values ($1, $2)", [9, "not bytes"])).rejects.toThrow("Invalid input for bytea type");
    } finally {
      await ours.close();
      await its.close();
    }
    // Two new databases (initdb each, 2–5 s).
  }, 60_000);
});
