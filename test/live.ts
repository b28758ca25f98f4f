/**
 * The live-editing server in a test's own process (lib/server/live-server.ts,
 * as server.mjs runs it: WebSocket upgrades of /collab on an HTTP server on
 * loopback), and Node clients for it: Hocuspocus providers over `ws`, with
 * the cookie and Origin a browser would send.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { fieldFragment } from "@/lib/collab/document";
import { LIVE_PATH } from "@/lib/live-endpoint.mjs";
import type { LiveMessage } from "@/lib/collab/messages";
import { createLiveServer, type LiveServerOptions } from "@/lib/server/live-server";
import { CookieJar, signInWith } from "./auth-client";
import { TEST_PASSWORD } from "./factories";

export type TestLiveServer = Awaited<ReturnType<typeof startLiveServer>>;

/** A live server on a loopback port, with short store delays so tests need not wait long. */
export async function startLiveServer(options: LiveServerOptions = {}) {
  const live = await createLiveServer({ debounceMs: 100, maxDebounceMs: 400, retryMs: 200, ...options });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => live.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    live,
    origin: `http://127.0.0.1:${port}`,
    url: `ws://127.0.0.1:${port}${LIVE_PATH}`,
    async close() {
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Signs in through the app's Auth.js routes and returns the `Cookie` header a browser would send. */
export async function sessionCookie(email: string): Promise<string> {
  const jar = new CookieJar();
  const { status } = await signInWith(jar, { email, password: TEST_PASSWORD });
  if (status !== 302) throw new Error(`Sign-in as ${email} answered ${status}`);
  return jar.header();
}

export type LiveClient = {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  messages: LiveMessage[];
  /** How the server answered the first authentication: "read-write", "readonly", or "refused: <reason>". */
  auth: Promise<string>;
  /** Every answer so far (a reconnect authenticates again). */
  auths: string[];
  /** The close codes the socket saw. */
  closes: number[];
  destroy(): void;
};

/** Connects to one check's document, as a browser page of `origin` holding `cookie`. */
export function connectLive(server: TestLiveServer, factCheckId: string, { cookie, origin = server.origin }: { cookie?: string; origin?: string | null }): LiveClient {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  class BrowserLikeSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
      // A client destroyed while it reconnects closes a socket still shaking hands: `ws` reports that as an
      // error event after the provider has let go of it, which with no listener would end the test run.
      // A browser's socket reports it to no one; the provider's own handlers still see every error.
      this.on("error", () => {});
    }
  }
  const closes: number[] = [];
  const socket = new HocuspocusProviderWebsocket({
    url: server.url,
    WebSocketPolyfill: BrowserLikeSocket,
    // Reconnect at once in tests (the default waits a second or more).
    delay: 50,
    minDelay: 50,
    maxDelay: 200,
    onClose: ({ event }) => closes.push(event.code),
  });
  const doc = new Y.Doc();
  const messages: LiveMessage[] = [];
  const auths: string[] = [];
  let settle: (value: string) => void = () => {};
  const auth = new Promise<string>((resolve) => (settle = resolve));
  const answered = (answer: string) => {
    auths.push(answer);
    settle(answer);
  };
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: factCheckId,
    document: doc,
    onAuthenticated: ({ scope }) => answered(scope),
    onAuthenticationFailed: ({ reason }) => answered(`refused: ${reason}`),
    onStateless: ({ payload }) => messages.push(JSON.parse(payload) as LiveMessage),
  });
  provider.attach();
  return {
    provider,
    doc,
    messages,
    auth,
    auths,
    closes,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Waits until `condition` holds (polled), or fails after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, condition: () => T | Promise<T>, timeoutMs = 3_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once the provider has synced with the server. */
export function synced(client: LiveClient): Promise<void> {
  if (client.provider.isSynced) return Promise.resolve();
  return new Promise((resolve) => client.provider.on("synced", () => resolve()));
}

/** Types into the first text of a field's first paragraph, as a keystroke in an editor changes it. */
export function typeInto(doc: Y.Doc, key: string, offset: number, text: string): void {
  const fragment = fieldFragment(doc, key);
  const paragraph = fragment?.get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error(`No paragraph in ${key}`);
  let first = paragraph.get(0);
  if (!(first instanceof Y.XmlText)) {
    first = new Y.XmlText();
    paragraph.insert(0, [first]);
  }
  (first as Y.XmlText).insert(Math.min(offset, (first as Y.XmlText).length), text);
}
