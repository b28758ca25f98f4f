import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryStore, useCacheState, type CacheStore } from "@/lib/cache-handler.mjs";
import { afterJob, invalidatePublic, MAX_LIFETIME_S, secondsUntilFirst } from "./public-cache";

describe("secondsUntilFirst", () => {
  const at = new Date("2026-11-27T10:00:00Z");

  it("is the time until the first instant still to come", () => {
    expect(secondsUntilFirst(["2026-11-28T00:00:00Z", "2026-11-27T10:30:00Z", null], at)).toBe(1800);
  });

  it("ignores instants already past or exactly now (they have had their effect) and missing ones", () => {
    expect(secondsUntilFirst(["2026-11-27T09:00:00Z", "2026-11-27T10:00:00Z", null, "2026-11-27T10:00:01Z"], at)).toBe(1);
  });

  it("is the longest lifetime when nothing is to come", () => {
    expect(secondsUntilFirst([], at)).toBe(MAX_LIFETIME_S);
    expect(secondsUntilFirst([null, "2026-01-01T00:00:00Z"], at)).toBe(MAX_LIFETIME_S);
  });
});

describe("expiries outside a request", () => {
  const tagExpired = async (store: CacheStore, tag: string) => (await store.tagExpiries([tag]))[0]?.expired !== undefined;
  let store: CacheStore;
  let purged: string[][];

  beforeEach(() => {
    vi.stubEnv("NEXT_RUNTIME", "nodejs");
    store = createMemoryStore();
    purged = [];
    useCacheState({ store, purge: (tags) => purged.push(tags) });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    useCacheState(null);
  });

  it("a job's expiries are recorded in the cache once its work is over, not while it runs", async () => {
    const result = await afterJob(async () => {
      invalidatePublic(["check:a", "lists"]);
      invalidatePublic(["lists"]);
      // Still inside the job (its transaction not yet committed): nothing expired, nothing purged.
      expect(await tagExpired(store, "check:a")).toBe(false);
      expect(purged).toEqual([]);
      return "done";
    });
    expect(result).toBe("done");
    expect(await tagExpired(store, "check:a")).toBe(true);
    expect(await tagExpired(store, "lists")).toBe(true);
    expect(purged).toEqual([["check:a", "lists"]]);
  });

  it("a job that fails still records what it expired, and fails as it did", async () => {
    await expect(
      afterJob(async () => {
        invalidatePublic(["check:b"]);
        throw new Error("the job's own failure");
      }),
    ).rejects.toThrow("the job's own failure");
    expect(await tagExpired(store, "check:b")).toBe(true);
  });

  it("outside both a request and a job, the expiry reaches the cache on the next turn", async () => {
    invalidatePublic(["check:c"]);
    await vi.waitFor(async () => expect(await tagExpired(store, "check:c")).toBe(true));
    expect(purged).toEqual([["check:c"]]);
  });
});
