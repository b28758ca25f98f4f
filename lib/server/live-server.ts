import "server-only";
/**
 * The live-editing server: a Hocuspocus instance inside the app's own
 * process, reached by WebSocket at `/collab` on the app's port (started by
 * instrumentation.ts, `startLiveServer`; server.mjs hands it the upgrades
 * through lib/live-endpoint.mjs). One document per check, named by
 * the check's id (lib/collab/document.ts says what it holds).
 *
 * - Who: the same session cookie as the pages, checked as every request's is
 *   (`sessionFromCookie`), from a page of this origin (the request boundary's
 *   rule, at the upgrade). What: the policy's `liveAccess`: read-write,
 *   read-only (the server drops a read-only connection's updates), or refused
 *   before anything of the check is sent.
 * - Access follows changes at once ("access" live events): a status change,
 *   a co-writer removed, a user disabled, a role changed, a sign-out; and
 *   every minute for all connections (a session reaching its end). Each
 *   connection concerned is checked again: closed when its session or access
 *   is gone, switched to read-only or back (and told so: `LiveMessage`).
 * - Storage (lib/server/live-documents.ts): a store runs a moment after the
 *   typing stops (`debounceMs`, at most `maxDebounceMs` apart while it goes on)
 *   and when the last person leaves; it writes the live state and the
 *   validated content, and tells the people whose edits were refused why.
 *   A store that fails (the database away) is tried again, and the document
 *   stays open until one succeeds.
 * - Several instances: with `redisUrl`, documents are shared through Redis
 *   (@hocuspocus/extension-redis, each change in one hop: live-redis.ts) and so
 *   are live events. Without it, neither Redis's client nor the extension is
 *   loaded.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { Hocuspocus, MessageType, type Connection, type Document, type Extension } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { getDb } from "@/db";
import { provideLiveServer } from "@/lib/live-endpoint.mjs";
import { BODY_LIMIT_BYTES, webSocketOriginRefusal } from "@/lib/request-boundary.mjs";
import type { LiveMessage } from "@/lib/collab/messages";
import { presenceRefusal, type KnownClient } from "@/lib/collab/presence";
import type { Actor } from "./actor";
import { mergeStoredState, loadLiveState, storeLiveDocument, type StoreOutcome } from "./live-documents";
import { subscribeLiveEvents, type LiveEvent } from "./live-events";
import { createPresenceRegistry, type PersonHere } from "./live-presence";
import { liveAccess, loadFactCheck } from "./policies/fact-check";
import { loadSessionActor, sessionFromCookie } from "./sessions";
import { publicBaseUrl } from "./site-url";

/** Close codes: the session ended (sign in again) or access to the check was withdrawn. */
export const CLOSE_SESSION_ENDED = { code: 4401, reason: "Session ended" };
export const CLOSE_ACCESS_WITHDRAWN = { code: 4403, reason: "Access withdrawn" };
/** Presence that names someone other than the person signed in (or cannot be read). */
export const CLOSE_FALSE_PRESENCE = { code: 4400, reason: "Presence refused" };

type Context = { actor: Actor; sessionId: string };

export type LiveServerOptions = {
  /** Share documents and live events with other instances through this Redis server. */
  redisUrl?: string | null;
  /** What this app's keys and channels start with in Redis (instances that share documents share it). */
  redisPrefix?: string;
  debounceMs?: number;
  maxDebounceMs?: number;
  /** How long to wait before trying a failed store again. */
  retryMs?: number;
  /** How often every connection's session and access are checked again, besides the live events (a session reaching its end). */
  recheckMs?: number;
};

export type LiveServer = {
  hocuspocus: Hocuspocus;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores every open document with unstored changes now, or only the given check's. */
  flush(factCheckId?: string): Promise<void>;
  /** Who has each of these checks open now, on this instance and (with Redis) on the others. */
  editingNow(factCheckIds: string[]): Promise<Map<string, PersonHere[]>>;
  /** Flushes, closes every connection and stops listening to events. */
  close(): Promise<void>;
};

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function refuseUpgrade(socket: Duplex, status: string) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function contextOf(connection: Connection): Context | null {
  const context = connection.context as Partial<Context> | undefined;
  return context?.actor && context.sessionId ? (context as Context) : null;
}

function send(connection: Connection, message: LiveMessage) {
  connection.sendStateless(JSON.stringify(message));
}

export async function createLiveServer({
  redisUrl = null,
  redisPrefix = "factdesk:live",
  debounceMs = 1500,
  maxDebounceMs = 10_000,
  retryMs = 5_000,
  recheckMs = 60_000,
}: LiveServerOptions = {}): Promise<LiveServer> {
  const eventsChannel = `${redisPrefix}:events`;
  /** Per document: who changed it since its last store (the store writes as them). */
  const editors = new Map<string, Map<string, Actor>>();
  /** Documents with changes from this instance's connections that no store has taken yet. */
  const unstored = new Set<string>();
  const retries = new Map<string, NodeJS.Timeout>();
  const instanceId = crypto.randomUUID();

  // Loaded only to share with other instances: a single server starts without them.
  const shared = redisUrl
    ? await Promise.all([import("ioredis"), import("./live-redis")]).then(([{ default: Redis }, { OneHopRedis }]) => ({ Redis, OneHopRedis }))
    : null;
  const redis =
    shared && redisUrl
      ? { pub: new shared.Redis(redisUrl, { lazyConnect: false }), sub: new shared.Redis(redisUrl, { lazyConnect: false }) }
      : null;

  function storePayload(document: Document) {
    return {
      clientsCount: document.getConnectionsCount(),
      context: {},
      document,
      documentName: document.name,
      instance: hocuspocus,
      requestHeaders: {},
      requestParameters: new URLSearchParams(),
      // Not "server": the Redis extension holds a direct connection's store back a second.
      socketId: "factdesk",
    };
  }

  function scheduleRetry(document: Document) {
    if (retries.has(document.name)) return;
    retries.set(
      document.name,
      setTimeout(() => {
        retries.delete(document.name);
        if (hocuspocus.documents.get(document.name) === document) void hocuspocus.storeDocumentHooks(document, storePayload(document), true);
      }, retryMs).unref(),
    );
  }

  function tell(document: Document, outcome: StoreOutcome, actorIds: Set<string>) {
    for (const connection of document.getConnections()) {
      const context = contextOf(connection);
      // Everyone's work is safe: what they typed is what the content holds.
      if (outcome.kind === "stored" || outcome.kind === "unchanged") send(connection, { type: "stored", version: outcome.version });
      else if (context && actorIds.has(context.actor.id)) {
        if (outcome.kind === "refused") send(connection, { type: "refused", ...outcome.refusal });
        else if (outcome.kind === "read-only") send(connection, { type: "read-only" });
      }
    }
  }

  const factdesk: Extension = {
    extensionName: "factdesk",

    async onAuthenticate({ requestHeaders, documentName, connectionConfig }) {
      if (!ID_PATTERN.test(documentName)) throw CLOSE_ACCESS_WITHDRAWN;
      const session = await sessionFromCookie({ cookie: requestHeaders.cookie });
      if (!session) throw CLOSE_SESSION_ENDED;
      const check = await loadFactCheck(await getDb(), { id: documentName });
      const access = check ? liveAccess(session.actor, check) : null;
      if (!access) throw CLOSE_ACCESS_WITHDRAWN;
      connectionConfig.readOnly = access === "read";
      return { actor: session.actor, sessionId: session.sessionId } satisfies Context;
    },

    async beforeHandleMessage({ update, connection, document }) {
      // Presence is the browser's to say, but only as the person it signed in as.
      const context = contextOf(connection);
      const decoder = decoding.createDecoder(update);
      decoding.readVarString(decoder);
      if (decoding.readVarUint(decoder) !== MessageType.Awareness) return;
      const mine = document.getClients(connection.webSocket);
      const known = (clientId: number): KnownClient | undefined => {
        const meta = document.awareness.meta.get(clientId);
        if (!meta) return undefined;
        const elsewhere = !mine.has(clientId) && document.awareness.getStates().has(clientId) && [...document.getConnections()].some((other) => other !== connection && document.getClients(other.webSocket).has(clientId));
        return { clock: meta.clock, elsewhere };
      };
      const refusal = context ? presenceRefusal(decoding.readVarUint8Array(decoder), context.actor, known) : "no person";
      if (refusal) {
        // The whole socket, as for access withdrawn; the throw keeps the message from being applied.
        connection.webSocket.close(CLOSE_FALSE_PRESENCE.code, CLOSE_FALSE_PRESENCE.reason);
        throw CLOSE_FALSE_PRESENCE;
      }
    },

    async connected({ documentName }) {
      presence.changed(documentName);
    },

    async onDisconnect({ documentName }) {
      presence.changed(documentName);
    },

    async onLoadDocument({ documentName, document }) {
      const state = await loadLiveState({ factCheckId: documentName });
      if (!state) throw new Error(`Fact-check ${documentName} not found`);
      Y.applyUpdate(document, state);
    },

    async afterLoadDocument({ documentName, document }) {
      // Kept in the update itself, not in onChange (which runs later, in a chain of promises),
      // so that a store on the last disconnect always knows what it holds.
      document.on("update", (_update: Uint8Array, origin: unknown) => {
        const context = origin && typeof origin === "object" && "context" in origin ? contextOf(origin as Connection) : null;
        if (!context) return;
        unstored.add(documentName);
        let people = editors.get(documentName);
        if (!people) editors.set(documentName, (people = new Map()));
        people.delete(context.actor.id);
        people.set(context.actor.id, context.actor);
      });
    },

    async onStoreDocument({ documentName, document }) {
      const people = editors.get(documentName) ?? new Map<string, Actor>();
      editors.delete(documentName);
      // Cleared before the write, so that changes made while it runs schedule another store.
      const had = unstored.delete(documentName);
      try {
        const outcome = await storeLiveDocument({ factCheckId: documentName, doc: document, editors: [...people.values()] });
        tell(document, outcome, new Set(people.keys()));
      } catch (error) {
        // Kept for the next try: nothing is lost while the process runs.
        const now = editors.get(documentName) ?? new Map<string, Actor>();
        editors.set(documentName, new Map([...people, ...now]));
        if (had) unstored.add(documentName);
        console.error(`Live document ${documentName} could not be stored; trying again in ${retryMs} ms:`, error instanceof Error ? error.message : error);
        scheduleRetry(document);
      }
    },

    async beforeUnloadDocument({ documentName }) {
      // A document whose last store failed stays open until one succeeds.
      if (unstored.has(documentName) || retries.has(documentName)) throw new Error("unstored changes");
    },

    async afterUnloadDocument({ documentName }) {
      editors.delete(documentName);
    },
  };

  const extensions: Extension[] = [factdesk];
  if (shared && redis) {
    // Documents: every instance with a document open applies the others' updates.
    // The extension's store lock is not used: stores already run one at a time
    // per check under its row lock, and merge what another instance stored.
    const oneHop = new shared.OneHopRedis({ redis: redis.pub, prefix: redisPrefix, identifier: `factdesk-${instanceId}` });
    oneHop.onStoreDocument = async () => {};
    extensions.unshift(oneHop);
  }

  const hocuspocus = new Hocuspocus({ name: `factdesk-${instanceId}`, quiet: true, debounce: debounceMs, maxDebounce: maxDebounceMs, extensions });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: BODY_LIMIT_BYTES });
  const presence = createPresenceRegistry({
    redis: redis?.pub ?? null,
    prefix: redisPrefix,
    instanceId,
    open: () => [...hocuspocus.documents.keys()],
    local(factCheckId) {
      const people = new Map<string, PersonHere>();
      for (const connection of hocuspocus.documents.get(factCheckId)?.getConnections() ?? []) {
        const context = contextOf(connection);
        if (context) people.set(context.actor.id, { id: context.actor.id, name: context.actor.name });
      }
      return [...people.values()];
    },
  });

  // --- Access, content and comments as they change -----------------------

  function connectionsFor(event: { factCheckId?: string; userId?: string }) {
    const found: { document: Document; connection: Connection; context: Context }[] = [];
    for (const document of hocuspocus.documents.values()) {
      if (event.factCheckId && document.name !== event.factCheckId) continue;
      for (const connection of document.getConnections()) {
        const context = contextOf(connection);
        if (!context || (event.userId && context.actor.id !== event.userId)) continue;
        found.push({ document, connection, context });
      }
    }
    return found;
  }

  async function recheckAccess(event: { factCheckId?: string; userId?: string }) {
    const affected = connectionsFor(event);
    if (affected.length === 0) return;
    const db = await getDb();
    const checks = new Map<string, Awaited<ReturnType<typeof loadFactCheck>>>();
    const sessions = new Map<string, Actor | null>();
    for (const { document, connection, context } of affected) {
      if (!checks.has(document.name)) checks.set(document.name, await loadFactCheck(db, { id: document.name }));
      if (!sessions.has(context.sessionId)) sessions.set(context.sessionId, await loadSessionActor({ sessionId: context.sessionId, userId: context.actor.id }));
      const actor = sessions.get(context.sessionId);
      const check = checks.get(document.name);
      const access = actor && check ? liveAccess(actor, check) : null;
      if (!actor || !access) {
        // The whole socket: the provider reconnects, and is refused before anything is sent.
        const close = actor ? CLOSE_ACCESS_WITHDRAWN : CLOSE_SESSION_ENDED;
        connection.webSocket.close(close.code, close.reason);
        continue;
      }
      context.actor = actor;
      const readOnly = access === "read";
      if (connection.readOnly !== readOnly) {
        connection.readOnly = readOnly;
        send(connection, { type: "access", readOnly });
      }
    }
  }

  async function handle(event: LiveEvent) {
    if (event.type === "access") await recheckAccess(event);
    else {
      const document = hocuspocus.documents.get(event.factCheckId);
      if (!document || document.isLoading) return;
      if (event.type === "content") await mergeStoredState({ factCheckId: event.factCheckId, doc: document });
      else for (const connection of document.getConnections()) send(connection, { type: "comments" });
    }
  }

  function handleSafely(event: LiveEvent) {
    handle(event).catch((error) => console.error("Live event not applied:", event, error));
  }

  // A session also ends by its time (8 hours from sign-in), which no event announces.
  const recheck = setInterval(() => void recheckAccess({}).catch((error) => console.error("Live access not rechecked:", error)), recheckMs);
  recheck.unref();

  const unsubscribe = subscribeLiveEvents((event) => {
    handleSafely(event);
    redis?.pub.publish(eventsChannel, JSON.stringify({ from: instanceId, event })).catch((error) => console.error("Live event not shared:", error));
  });
  if (redis) {
    void redis.sub.subscribe(eventsChannel);
    redis.sub.on("message", (channel, message) => {
      if (channel !== eventsChannel) return;
      try {
        const { from, event } = JSON.parse(message) as { from: string; event: LiveEvent };
        if (from !== instanceId) handleSafely(event);
      } catch (error) {
        console.error("Malformed live event:", error);
      }
    });
  }

  async function flush(factCheckId?: string) {
    await Promise.all(
      [...hocuspocus.documents.values()]
        .filter((document) => !factCheckId || document.name === factCheckId)
        .filter((document) => unstored.has(document.name) || hocuspocus.debouncer.isDebounced(`onStoreDocument-${document.name}`))
        .map((document) => hocuspocus.storeDocumentHooks(document, storePayload(document), true)),
    );
  }

  return {
    hocuspocus,
    handleUpgrade(request, socket, head) {
      const refusal = webSocketOriginRefusal({
        origin: request.headers.origin,
        secFetchSite: request.headers["sec-fetch-site"] as string | undefined,
        host: request.headers.host,
        publicOrigin: publicBaseUrl(),
      });
      if (refusal) return refuseUpgrade(socket, "403 Forbidden");
      sockets.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request));
    },
    flush,
    editingNow: (factCheckIds) => presence.editingNow(factCheckIds),
    async close() {
      unsubscribe();
      clearInterval(recheck);
      await flush();
      await presence.close();
      for (const timer of retries.values()) clearTimeout(timer);
      hocuspocus.closeConnections();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await hocuspocus.hooks("onDestroy", { instance: hocuspocus });
      if (redis) {
        redis.sub.disconnect();
        redis.pub.disconnect();
      }
    },
  };
}

/**
 * Starts the process's live server from the environment (REDIS_URL,
 * FACTDESK_REDIS_PREFIX) and
 * provides it to server.mjs. Once per process.
 */
export function startLiveServer(): Promise<LiveServer> {
  const state = globalThis as unknown as { __factdeskLiveServer?: Promise<LiveServer> };
  if (state.__factdeskLiveServer) return state.__factdeskLiveServer;
  const redisUrl = process.env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL`);
  // One Redis may serve several deployments (or test runs): FACTDESK_REDIS_PREFIX keeps each one's keys and channels apart.
  const starting = createLiveServer({ redisUrl, redisPrefix: `${process.env.FACTDESK_REDIS_PREFIX?.trim() || "factdesk"}:live` }).then((server) => {
    provideLiveServer(server);
    return server;
  });
  state.__factdeskLiveServer = starting;
  // A failed start is not kept: the next call tries again.
  starting.catch(() => {
    if (state.__factdeskLiveServer === starting) state.__factdeskLiveServer = undefined;
  });
  return starting;
}
