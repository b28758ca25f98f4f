/**
 * Two live servers sharing documents through Redis (REDIS_URL, else the local
 * server at 127.0.0.1:6379), as two app instances do: people connected to
 * either one type into the same check and converge, both stores agree with
 * the document, a change crosses as one message and one that Redis lost is
 * mended, and an access change published by one instance reaches the
 * connections the other holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import IORedis from "ioredis";
import { factCheckCollaborators, factChecks } from "@/db/schema";
import { docToContent } from "@/lib/collab/document";
import { addCollaborator } from "@/lib/server/collaborators";
import { OneHopRedis } from "@/lib/server/live-redis";
import { contentOf } from "@/lib/server/content";
import { loadAuth } from "../auth-client";
import { useTestDatabase } from "../db";
import { createWriter, type TestUser } from "../factories";
import { connectLive, eventually, sessionCookie, startLiveServer, synced, typeInto, type LiveClient, type TestLiveServer } from "../live";
import { createReadyCheck, edit } from "./review-fixtures";

const db = useTestDatabase();
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
// A prefix of this run's own: other runs on the same Redis never hear these documents.
const redisPrefix = `factdesk-test:${crypto.randomUUID()}`;

let one: TestLiveServer, two: TestLiveServer;
let owner: TestUser, coWriter: TestUser;
const clients: LiveClient[] = [];

beforeAll(async () => {
  await loadAuth();
  // Stores wait a while: documents converge through Redis long before either instance stores.
  const options = { redisUrl, redisPrefix, debounceMs: 2_000, maxDebounceMs: 10_000 };
  [one, two] = await Promise.all([startLiveServer(options), startLiveServer(options)]);
  [owner, coWriter] = await Promise.all([createWriter(), createWriter()]);
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all([one?.close(), two?.close()]);
});

async function sharedCheck() {
  const check = await createReadyCheck(owner.actor);
  await addCollaborator({ actor: owner.actor, factCheckId: check.id, input: { userId: coWriter.id } });
  return check;
}

describe("two instances through Redis", () => {
  it("people on different instances typing at once converge, and what is stored is the document", async () => {
    const check = await sharedCheck();
    const a = connectLive(one, check.id, { cookie: await sessionCookie(owner.email) });
    const b = connectLive(two, check.id, { cookie: await sessionCookie(coWriter.email) });
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    const body = `section:${check.sections[0]!.id}:body`;
    for (let i = 0; i < 20; i++) {
      typeInto(a.doc, body, i, "a");
      typeInto(b.doc, body, 0, "b");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually("both documents to agree", () => JSON.stringify(docToContent(a.doc)) === JSON.stringify(docToContent(b.doc)), 1_500);
    // Nothing was stored yet: they met through Redis, not through the database.
    const [before] = await db().select({ version: factChecks.version }).from(factChecks).where(eq(factChecks.id, check.id));
    expect(before!.version).toBe(check.version);
    // Every keystroke of both is there once (where each landed depends on what its typist had seen).
    const text = JSON.stringify(docToContent(a.doc).sections[0]!.body);
    const original = JSON.stringify(check.sections[0]!.body);
    const count = (s: string, char: string) => s.split(char).length - 1;
    expect(count(text, "a") - count(original, "a")).toBe(20);
    expect(count(text, "b") - count(original, "b")).toBe(20);
    await eventually(
      "the stored content to equal the document",
      async () => {
        const [row] = await db().select().from(factChecks).where(eq(factChecks.id, check.id));
        expect(contentOf(row!)).toEqual(docToContent(a.doc));
        return true;
      },
      6_000,
    );
    // An edit through the API reaches people on both instances.
    await edit(owner.actor, check.id, { topic: "Housing" });
    await eventually("the API's topic on both", () => docToContent(a.doc).topic === "Housing" && docToContent(b.doc).topic === "Housing");
    // The stores wait two seconds on purpose (above).
  }, 12_000);

  it("a keystroke crosses to the other instance as one message, the change itself", async () => {
    const check = await sharedCheck();
    const a = connectLive(one, check.id, { cookie: await sessionCookie(owner.email) });
    const b = connectLive(two, check.id, { cookie: await sessionCookie(coWriter.email) });
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    const listener = new IORedis(redisUrl);
    const heard: Buffer[] = [];
    try {
      await listener.subscribe(`${redisPrefix}:${check.id}`);
      listener.on("messageBuffer", (_channel: Buffer, message: Buffer) => heard.push(message));
      const body = `section:${check.sections[0]!.id}:body`;
      typeInto(a.doc, body, 0, "Q");
      await eventually("the keystroke on the other instance", () => JSON.stringify(docToContent(b.doc)).includes("Q"), 1_000);
      await eventually("the message heard here too", () => heard.length > 0, 500);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Before the state-vector exchange that follows changes (a second later), exactly one message went out
      // (the instance that applied it did not send it on): [identifier][document name][sync][step 2][update],
      // the change itself (1), not a state vector (0) asking for it.
      expect(heard).toHaveLength(1);
      const message = heard[0]!;
      const afterIdentifier = 1 + message[0]!;
      const nameLength = message[afterIdentifier]!;
      const afterName = afterIdentifier + 1 + nameLength;
      expect(message.toString("utf8", afterIdentifier + 1, afterName)).toBe(check.id);
      expect(message.toString("utf8", 1, afterIdentifier)).toMatch(/^factdesk-/);
      expect([message[afterName], message[afterName + 1]]).toEqual([0, 1]);
    } finally {
      listener.disconnect();
    }
  });

  it("an update that Redis lost reaches the other instance by the state-vector exchange that follows", async () => {
    const check = await sharedCheck();
    const a = connectLive(one, check.id, { cookie: await sessionCookie(owner.email) });
    const b = connectLive(two, check.id, { cookie: await sessionCookie(coWriter.email) });
    clients.push(a, b);
    await Promise.all([synced(a), synced(b)]);
    // The second instance stops hearing Redis for a moment, as a subscriber does while it reconnects.
    const shared = two.live.hocuspocus.configuration.extensions.find((extension) => extension instanceof OneHopRedis) as OneHopRedis;
    const listeners = shared.sub.listeners("messageBuffer") as ((...args: unknown[]) => void)[];
    expect(listeners.length).toBeGreaterThan(0);
    shared.sub.removeAllListeners("messageBuffer");
    const body = `section:${check.sections[0]!.id}:body`;
    typeInto(a.doc, body, 0, "Lost. ");
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const listener of listeners) shared.sub.on("messageBuffer", listener);
    expect(JSON.stringify(docToContent(b.doc))).not.toContain("Lost. ");
    // A later keystroke depends on the lost one: it waits on the second instance until the exchange mends it.
    typeInto(a.doc, body, 0, "Later. ");
    await eventually("both keystrokes on the other instance", () => JSON.stringify(docToContent(b.doc)).includes("Later. Lost. "), 4_000);
    expect(JSON.stringify(docToContent(b.doc))).toBe(JSON.stringify(docToContent(a.doc)));
  });

  it("each instance knows who has a check open on the other, and forgets them when they leave", async () => {
    const check = await sharedCheck();
    const a = connectLive(one, check.id, { cookie: await sessionCookie(owner.email) });
    clients.push(a);
    await synced(a);
    // The check is not open on the second instance at all: it learns who is in it through Redis.
    expect(two.live.hocuspocus.documents.has(check.id)).toBe(false);
    await eventually("the owner listed on the other instance", async () => (await two.live.editingNow([check.id])).get(check.id)?.[0]?.id === owner.id);
    a.destroy();
    await eventually("no one listed once they left", async () => !(await two.live.editingNow([check.id])).has(check.id));
  });

  it("an access change another instance publishes closes the connections this one holds", async () => {
    const check = await sharedCheck();
    const b = connectLive(two, check.id, { cookie: await sessionCookie(coWriter.email) });
    clients.push(b);
    await synced(b);
    // The co-writer is removed by a third instance: only its message on Redis arrives here.
    await db().delete(factCheckCollaborators).where(eq(factCheckCollaborators.factCheckId, check.id));
    const publisher = new IORedis(redisUrl);
    try {
      await publisher.publish(`${redisPrefix}:events`, JSON.stringify({ from: "another-instance", event: { type: "access", factCheckId: check.id, userId: coWriter.id } }));
    } finally {
      publisher.disconnect();
    }
    await eventually("the connection closed", () => b.closes.includes(4403));
  });
});
