/**
 * The live-editing server with real Node clients (Hocuspocus providers over
 * `ws`) and real session cookies from the app's sign-in: who may connect and
 * how, people typing at once, what is stored and when, edits through the API
 * reaching open documents, refused content, and access that changes while
 * people are connected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import WebSocket from "ws";
import * as Y from "yjs";
import { auditLog, factChecks, sessions } from "@/db/schema";
import { docToContent, fieldFragment } from "@/lib/collab/document";
import { colorFor } from "@/lib/collab/presence";
import { addCollaborator, removeCollaborator } from "@/lib/server/collaborators";
import { contentOf } from "@/lib/server/content";
import { readState } from "@/lib/server/live-state";
import { updateUser } from "@/lib/server/users";
import { callRoute, findRoute, loadApiRoutes } from "../api-client";
import { CookieJar, loadAuth, signInWith, signOutWith } from "../auth-client";
import { useTestDatabase } from "../db";
import { startRefresh } from "@/lib/server/publishing";
import { createAdmin, createEditor, createReviewer, createWriter, TEST_PASSWORD, type TestUser } from "../factories";
import { connectLive, eventually, sessionCookie, startLiveServer, synced, typeInto, type LiveClient, type TestLiveServer } from "../live";
import { createPublishedCheck } from "./publishing-fixtures";
import { createReadyCheck, createSource, edit, requestChanges, submit } from "./review-fixtures";

const db = useTestDatabase();

let server: TestLiveServer;
let owner: TestUser, coWriter: TestUser, reviewer: TestUser, stranger: TestUser, admin: TestUser;
const cookies = new Map<string, string>();
const clients: LiveClient[] = [];

beforeAll(async () => {
  await loadAuth();
  server = await startLiveServer();
  [owner, coWriter, reviewer, stranger, admin] = await Promise.all([
    createWriter({ name: "Olu Owner" }),
    createWriter({ name: "Cass Cowriter" }),
    createReviewer({ name: "Rhea Reviewer" }),
    createWriter({ name: "Stan Stranger" }),
    createAdmin(),
  ]);
  for (const user of [owner, coWriter, reviewer, stranger]) cookies.set(user.id, await sessionCookie(user.email));
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

function connect(user: TestUser | null, factCheckId: string, options: { origin?: string | null; cookie?: string } = {}) {
  const client = connectLive(server, factCheckId, { cookie: options.cookie ?? (user ? cookies.get(user.id) : undefined), origin: options.origin });
  clients.push(client);
  return client;
}

/** A draft written by the owner and the co-writer, sent to the reviewer once and sent back: the reviewer may still read it. */
async function sharedDraft() {
  const check = await createReadyCheck(owner.actor);
  await addCollaborator({ actor: owner.actor, factCheckId: check.id, input: { userId: coWriter.id } });
  await submit(owner.actor, check.id, [reviewer]);
  await requestChanges(reviewer.actor, check.id);
  return check;
}

const storedRow = async (id: string) => (await db().select().from(factChecks).where(eq(factChecks.id, id)))[0]!;
const storedContent = async (id: string) => contentOf(await storedRow(id));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("connecting", () => {
  it("syncs the check's content to a writer who sends the session cookie, read-write", async () => {
    const check = await sharedDraft();
    const client = connect(owner, check.id);
    expect(await client.auth).toBe("read-write");
    await synced(client);
    expect(docToContent(client.doc)).toEqual(await storedContent(check.id));
  });

  it("refuses without a cookie, with a forged one, and anyone the check is not shared with, before sending any of it", async () => {
    const check = await sharedDraft();
    const forged = cookies.get(owner.id)!.replace(/authjs\.session-token=[^;]{8}/, "authjs.session-token=AAAAAAAA");
    const refused = [connect(null, check.id), connect(stranger, check.id), connect(null, check.id, { cookie: forged }), connect(null, "no-such-check", { cookie: cookies.get(owner.id) })];
    for (const client of refused) expect(await client.auth).toMatch(/^refused: /);
    await wait(150);
    for (const client of refused) {
      expect(client.doc.share.size).toBe(0);
      expect(client.provider.isSynced).toBe(false);
    }
  });

  it("refuses the WebSocket itself when a page of another origin opens it (403)", async () => {
    const check = await sharedDraft();
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(server.url, { headers: { cookie: cookies.get(owner.id)!, origin: "https://evil.example" } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => reject(new Error(`opened for ${check.id}`)));
      ws.on("error", () => {});
    });
    expect(status).toBe(403);
  });

  it("gives a reviewer it was sent to a read-only connection: the server drops their changes", async () => {
    const check = await sharedDraft();
    const writer = connect(owner, check.id);
    const reader = connect(reviewer, check.id);
    expect(await reader.auth).toBe("readonly");
    await Promise.all([synced(writer), synced(reader)]);
    const before = docToContent(writer.doc);
    typeInto(reader.doc, "summary", 0, "Reviewer was here. ");
    await wait(400);
    expect(docToContent(writer.doc)).toEqual(before);
    expect(contentOf(await storedRow(check.id))).toEqual(before);
  });
});

describe("presence", () => {
  it("shows each person as who they signed in as; presence naming someone else closes the connection before anyone sees it", async () => {
    const check = await sharedDraft();
    const ownerClient = connect(owner, check.id);
    const coWriterClient = connect(coWriter, check.id);
    await Promise.all([synced(ownerClient), synced(coWriterClient)]);
    coWriterClient.provider.setAwarenessField("user", { id: coWriter.id, name: "Cass Cowriter", color: colorFor(coWriter.id) });
    coWriterClient.provider.setAwarenessField("field", "summary");
    const seenBy = (client: LiveClient) => [...client.provider.awareness!.getStates().values()].map((state) => (state as { user?: { name: string } }).user?.name);
    await eventually("the co-writer's presence at the owner's", () => seenBy(ownerClient).includes("Cass Cowriter"));
    // Who has it open, by the connections' sessions.
    const open = await server.live.editingNow([check.id]);
    expect(open.get(check.id)?.map((person) => person.name).sort()).toEqual(["Cass Cowriter", "Olu Owner"]);

    // The co-writer's browser claims to be the owner: refused, and the owner never sees a second "Olu Owner".
    coWriterClient.provider.setAwarenessField("user", { id: owner.id, name: "Olu Owner", color: colorFor(owner.id) });
    await eventually("the connection closed", () => coWriterClient.closes.includes(4400));
    await wait(200);
    expect(seenBy(ownerClient).filter((name) => name === "Olu Owner")).toHaveLength(0);
    // Another's colour is refused too.
    const otherColour = connect(coWriter, check.id);
    await synced(otherColour);
    otherColour.provider.setAwarenessField("user", { id: coWriter.id, name: "Cass Cowriter", color: "#000000" });
    await eventually("the connection closed", () => otherColour.closes.includes(4400));
  });
});

describe("typing together", () => {
  it("two people typing interleaved in one paragraph converge, and the stored content is the document after the pause", async () => {
    const check = await sharedDraft();
    const [a, b] = [connect(owner, check.id), connect(coWriter, check.id)];
    await Promise.all([synced(a), synced(b)]);
    const versionBefore = (await storedRow(check.id)).version;
    const body = `section:${check.sections[0]!.id}:body`;
    for (let i = 0; i < 30; i++) {
      typeInto(a.doc, body, i, "a");
      typeInto(b.doc, "summary", i, "b");
      typeInto(b.doc, body, 2 * i, "B");
      await wait(5);
    }
    await eventually("both documents to agree", () => JSON.stringify(docToContent(a.doc)) === JSON.stringify(docToContent(b.doc)) && !a.provider.hasUnsyncedChanges && !b.provider.hasUnsyncedChanges);
    const live = docToContent(a.doc);
    expect(JSON.stringify(live.sections[0]!.body).match(/[aB]/g)?.length).toBeGreaterThanOrEqual(60);
    await eventually("the stored content to equal the document", async () => {
      expect(contentOf(await storedRow(check.id))).toEqual(live);
      return true;
    });
    const row = await storedRow(check.id);
    expect(row.version).toBeGreaterThan(versionBefore);
    // Both are on the timeline as editors.
    const sessions = await db().select().from(auditLog).where(and(eq(auditLog.factCheckId, check.id), eq(auditLog.action, "fact_check.edited")));
    expect(new Set(sessions.map((s) => s.actorId))).toEqual(new Set([owner.id, coWriter.id]));
    // The state is kept too: a reload starts from it.
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, (await readState(db(), check.id))!);
    expect(docToContent(reloaded)).toEqual(live);
    await eventually("the writers told it was stored", () => [a, b].every((c) => c.messages.some((m) => m.type === "stored" && m.version === row.version)));
  });

  it("never stores content the validation refuses, and tells whoever typed it", async () => {
    const check = await sharedDraft();
    const client = connect(owner, check.id);
    await synced(client);
    const before = await storedRow(check.id);
    const citation = new Y.XmlElement("citation");
    citation.setAttribute("sourceId", "no-such-source");
    (fieldFragment(client.doc, "summary")!.get(0) as Y.XmlElement).insert(0, [citation]);
    const refusal = await eventually("a refusal", () => client.messages.find((m) => m.type === "refused"));
    expect(refusal).toMatchObject({ type: "refused", message: expect.stringContaining("no-such-source") });
    await wait(300);
    const row = await storedRow(check.id);
    expect(row.version).toBe(before.version);
    expect(JSON.stringify(row.summary)).not.toContain("no-such-source");
    // Fixed: the citation now points to a real source, and is stored.
    const source = await createSource();
    citation.setAttribute("sourceId", source.id);
    await eventually("the fixed summary to be stored", async () => JSON.stringify((await storedRow(check.id)).summary).includes(source.id));
  });
});

describe("edits through the API", () => {
  it("reach open documents at once; a stale version is still refused", async () => {
    const check = await sharedDraft();
    const client = connect(owner, check.id);
    await synced(client);
    // Imported here: it loads auth.ts, which must not read AUTH_SECRET before loadAuth() sets it.
    const { createApiToken } = await import("@/lib/server/api-tokens");
    const { token } = await createApiToken({ actor: admin.actor, input: { name: "script" } });
    const route = findRoute(await loadApiRoutes(), "/api/v1/fact-checks/[id]");
    const current = await storedRow(check.id);
    const sections = current.sections.map((s, i) => (i === 1 ? { ...s, heading: "Heading from the API" } : s));
    const patch = (version: number) =>
      callRoute(route, "PATCH", {
        params: { id: check.id },
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ version, sections }),
      });
    expect((await patch(current.version)).status).toBe(200);
    await eventually("the API's heading in the open document", () => docToContent(client.doc).sections[1]!.heading === "Heading from the API");
    expect((await patch(current.version)).status).toBe(409);
    // What the writer types next is stored with the API's change, not over it.
    typeInto(client.doc, "question", 0, "Really: ");
    await eventually("the writer's change to be stored", async () => (await storedRow(check.id)).question.startsWith("Really: "));
    expect((await storedRow(check.id)).sections[1]!.heading).toBe("Heading from the API");
  });
});

describe("access that changes while connected", () => {
  it("submitting for review makes every connection read-only at once; sending it back makes writers' writable again", async () => {
    const check = await sharedDraft();
    const client = connect(coWriter, check.id);
    await synced(client);
    await submit(owner.actor, check.id, [reviewer]);
    await eventually("read-only", () => client.messages.some((m) => m.type === "access" && m.readOnly));
    const before = await storedRow(check.id);
    typeInto(client.doc, "question", 0, "Typed in review: ");
    await wait(400);
    expect((await storedRow(check.id)).question).toBe(before.question);
    expect(before.status).toBe("in_review");
    await requestChanges(reviewer.actor, check.id);
    await eventually("writable again", () => client.messages.some((m) => m.type === "access" && !m.readOnly));
  });

  it("a published check is read-only; starting a refresh makes it writable with the live version's content", async () => {
    const editor = await createEditor();
    const { factCheck } = await createPublishedCheck({ writer: owner.actor, reviewer: reviewer.actor, editor: editor.actor });
    const client = connect(owner, factCheck.id);
    expect(await client.auth).toBe("readonly");
    await synced(client);
    await startRefresh({ actor: editor.actor, id: factCheck.id });
    await eventually("writable", () => client.messages.some((m) => m.type === "access" && !m.readOnly));
    expect(docToContent(client.doc)).toEqual(await storedContent(factCheck.id));
    typeInto(client.doc, "question", 0, "Refreshed: ");
    await eventually("the refresh's edit stored", async () => (await storedRow(factCheck.id)).question.startsWith("Refreshed: "));
  });

  it("removing a co-writer closes their connection, and they are refused when it reconnects", async () => {
    const check = await sharedDraft();
    const client = connect(coWriter, check.id);
    await synced(client);
    await removeCollaborator({ actor: owner.actor, factCheckId: check.id, userId: coWriter.id });
    await eventually("the connection closed", () => client.closes.includes(4403));
    await eventually("the reconnection refused", () => client.auths.at(-1)?.startsWith("refused"));
  });

  it("signing out closes the connections of that session only, and its cookie is refused after", async () => {
    const check = await sharedDraft();
    const jar = new CookieJar();
    await signInWith(jar, { email: owner.email, password: TEST_PASSWORD });
    const signedOut = connect(null, check.id, { cookie: jar.header() });
    const elsewhere = connect(owner, check.id);
    await Promise.all([synced(signedOut), synced(elsewhere)]);
    await signOutWith(jar);
    await eventually("the connection closed", () => signedOut.closes.includes(4401));
    await eventually("the reconnection refused", () => signedOut.auths.at(-1)?.startsWith("refused"));
    expect(elsewhere.closes).toEqual([]);
  });

  it("a session reaching its end while connected is closed by the periodic check", async () => {
    const check = await sharedDraft();
    const checking = await startLiveServer({ recheckMs: 100 });
    try {
      const jar = new CookieJar();
      await signInWith(jar, { email: owner.email, password: TEST_PASSWORD });
      const client = connectLive(checking, check.id, { cookie: jar.header() });
      clients.push(client);
      await synced(client);
      await db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, owner.id));
      await eventually("the connection closed", () => client.closes.includes(4401));
    } finally {
      await checking.close();
      cookies.set(owner.id, await sessionCookie(owner.email));
    }
  });

  it("disabling a user closes their connections at once", async () => {
    const check = await sharedDraft();
    const client = connect(coWriter, check.id);
    await synced(client);
    await updateUser({ actor: admin.actor, id: coWriter.id, input: { disabled: true } });
    await eventually("the connection closed", () => client.closes.includes(4401));
    await eventually("the reconnection refused", () => client.auths.at(-1)?.startsWith("refused"));
    await updateUser({ actor: admin.actor, id: coWriter.id, input: { disabled: false } });
    // Their old session stays ended; a new sign-in works again.
    cookies.set(coWriter.id, await sessionCookie(coWriter.email));
  });

  it("an edit in review through the API withdraws the review and makes connections writable", async () => {
    const check = await sharedDraft();
    await submit(owner.actor, check.id, [reviewer]);
    const client = connect(owner, check.id);
    expect(await client.auth).toBe("readonly");
    await synced(client);
    await edit(owner.actor, check.id, { question: "Did the city build 413 homes in 2024?" });
    await eventually("writable", () => client.messages.some((m) => m.type === "access" && !m.readOnly));
    await eventually("the API's question", () => docToContent(client.doc).question === "Did the city build 413 homes in 2024?");
  });
});
