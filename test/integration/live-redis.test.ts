/**
 * Two live servers sharing documents through Redis (REDIS_URL, else the local
 * server at 127.0.0.1:6379), as two app instances do: people connected to
 * either one type into the same check and converge, both stores agree with
 * the document, and an access change published by one instance reaches the
 * connections the other holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import IORedis from "ioredis";
import { factCheckCollaborators, factChecks } from "@/db/schema";
import { docToContent } from "@/lib/collab/document";
import { addCollaborator } from "@/lib/server/collaborators";
import { liveContentOf } from "@/lib/server/live-state";
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
    const text = JSON.stringify(docToContent(a.doc).sections[0]!.body);
    expect(text.match(/a/g)!.length - JSON.stringify(check.sections[0]!.body).match(/a/g)!.length).toBe(20);
    expect(text).toContain("b".repeat(20));
    await eventually(
      "the stored content to equal the document",
      async () => {
        const [row] = await db().select().from(factChecks).where(eq(factChecks.id, check.id));
        expect(liveContentOf(row!)).toEqual(docToContent(a.doc));
        return true;
      },
      6_000,
    );
    // An edit through the API reaches people on both instances.
    await edit(owner.actor, check.id, { topic: "Housing" });
    await eventually("the API's topic on both", () => docToContent(a.doc).topic === "Housing" && docToContent(b.doc).topic === "Housing");
    // The stores wait two seconds on purpose (above).
  }, 12_000);

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
