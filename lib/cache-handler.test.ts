import { describe, expect, it } from "vitest";
import { expiryMessages } from "./cache-handler.mjs";

describe("expiryMessages", () => {
  it("sends a short expiry as one message with its origin, tags and durations", () => {
    const messages = expiryMessages("origin-a", ["public:lists", "public:check:1"], { expire: 0 });
    expect(messages.map((m) => JSON.parse(m))).toEqual([{ origin: "origin-a", tags: ["public:lists", "public:check:1"], durations: { expire: 0 } }]);
  });

  it("splits a long list of tags so that every message stays under PostgreSQL's NOTIFY limit, losing none", () => {
    const tags = Array.from({ length: 400 }, (_, i) => `public:check:${crypto.randomUUID()}-${i}`);
    const messages = expiryMessages("origin-b", tags, undefined);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(Buffer.byteLength(message)).toBeLessThan(8000);
    expect(messages.flatMap((m) => JSON.parse(m).tags)).toEqual(tags);
  });
});
