/**
 * Cache expiry shared between app instances (lib/cache-handler.mjs): what one
 * instance expires reaches every other one over PostgreSQL LISTEN/NOTIFY, never
 * comes back to itself, and a lost connection expires every public entry.
 * (The end-to-end proof with two running servers is e2e/instances.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExpirySync, EVERY_PUBLIC_TAG, type Durations, type ExpirySync } from "@/lib/cache-handler.mjs";
import { createEmptyPostgresDatabase } from "../db";

type Expiry = { tags: string[]; durations?: Durations };

let database: { url: string; drop: () => Promise<void> };
const syncs: ExpirySync[] = [];

beforeAll(async () => {
  database = await createEmptyPostgresDatabase();
});
afterAll(async () => {
  await Promise.all(syncs.map((s) => s.close()));
  await database?.drop();
});

function instance() {
  const expired: Expiry[] = [];
  const errors: unknown[][] = [];
  const sync = createExpirySync({
    url: database.url,
    expireLocally: (tags, durations) => expired.push({ tags, durations }),
    log: { error: (...args: unknown[]) => errors.push(args) },
  });
  syncs.push(sync);
  return { sync, expired, errors };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("cache expiry shared between instances", () => {
  it("applies one instance's expiry in every other instance, with its durations, and not again in its own", async () => {
    const a = instance();
    const b = instance();
    const c = instance();
    await Promise.all([a.sync.ready, b.sync.ready, c.sync.ready]);
    expect([a.sync.listening, b.sync.listening, c.sync.listening]).toEqual([true, true, true]);

    await a.sync.send(["public:lists", "public:check:42"], { expire: 0 });

    await until(() => b.expired.length > 0 && c.expired.length > 0, "the other instances");
    expect(b.expired).toEqual([{ tags: ["public:lists", "public:check:42"], durations: { expire: 0 } }]);
    expect(c.expired).toEqual([{ tags: ["public:lists", "public:check:42"], durations: { expire: 0 } }]);
    // A round trip later, the sender has still not received its own message.
    await b.sync.send(["public:slug:x"]);
    await until(() => a.expired.length > 0, "the message from b");
    expect(a.expired).toEqual([{ tags: ["public:slug:x"], durations: undefined }]);
    expect([a.errors, b.errors, c.errors]).toEqual([[], [], []]);
  });

  it("expires every public entry after its connection was lost and came back (it may have missed expiries)", async () => {
    const a = instance();
    const b = instance();
    await Promise.all([a.sync.ready, b.sync.ready]);

    // End b's listening connection from the server side, as a network failure or a database restart would.
    const { default: postgres } = await import("postgres");
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
                  where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%'`;
    } finally {
      await admin.end();
    }

    await until(() => a.expired.some((e) => e.tags.includes(EVERY_PUBLIC_TAG)) && b.expired.some((e) => e.tags.includes(EVERY_PUBLIC_TAG)), "the reconnections");
    // Listening again, they still hear each other.
    a.expired.length = 0;
    await b.sync.send(["public:check:7"], { expire: 0 });
    await until(() => a.expired.length > 0, "a message after reconnecting");
    expect(a.expired).toEqual([{ tags: ["public:check:7"], durations: { expire: 0 } }]);
  });

  it("never blocks or fails a request when the database cannot be reached, and says why", async () => {
    const errors: unknown[][] = [];
    const url = new URL(database.url);
    url.port = "1"; // nothing listens there
    const sync = createExpirySync({ url: url.toString(), expireLocally: () => {}, log: { error: (...args: unknown[]) => errors.push(args) }, retryMs: 60_000 });
    syncs.push(sync);
    await sync.ready;
    expect(sync.listening).toBe(true);
    expect(String(errors[0]?.[0])).toContain("cannot listen");
    await expect(sync.send(["public"])).resolves.toBeUndefined();
    expect(String(errors.at(-1)?.[0])).toContain("cannot tell the other instances");
  });

  it("tries again until it can listen, then expires everything it may have missed and hears the others", async () => {
    const later = await createEmptyPostgresDatabase();
    await later.drop(); // a database that is not there yet
    const errors: unknown[][] = [];
    const expired: Expiry[] = [];
    const b = createExpirySync({ url: later.url, expireLocally: (tags, durations) => expired.push({ tags, durations }), log: { error: (...args: unknown[]) => errors.push(args) }, retryMs: 50 });
    syncs.push(b);
    await b.ready;
    expect(String(errors[0]?.[0])).toContain("cannot listen");
    expect(expired).toEqual([]);

    const { default: postgres } = await import("postgres");
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    const name = new URL(later.url).pathname.slice(1);
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end();
    }
    try {
      await until(() => expired.length > 0, "listening after the database appeared");
      expect(expired).toEqual([{ tags: [EVERY_PUBLIC_TAG], durations: undefined }]);
      const a = createExpirySync({ url: later.url, expireLocally: () => {} });
      syncs.push(a);
      await a.send(["public:check:9"], { expire: 0 });
      await until(() => expired.length > 1, "a message once listening");
      expect(expired[1]).toEqual({ tags: ["public:check:9"], durations: { expire: 0 } });
    } finally {
      await Promise.all(syncs.splice(-2).map((s) => s.close()));
      await later.drop();
    }
  });
});
