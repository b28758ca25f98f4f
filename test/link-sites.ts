/**
 * Websites for the link checker's tests, served on loopback only: each page
 * answers what the test sets (a status, headers, a body, a redirect, nothing
 * at all for a timeout) and can be changed between checks. Every request is
 * recorded (method, path, User-Agent, when it started and ended), so tests can
 * see what the checker sent, and how politely.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type PageAnswer =
  | { status?: number; headers?: Record<string, string>; body?: string; headStatus?: number }
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** Never answers (the checker's timeout ends it). */
  | { hang: true }
  /** Closes the connection without an answer. */
  | { reset: true };

export type RecordedRequest = { method: string; path: string; userAgent: string; host: string; start: number; end: number };

export type TestSite = {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  set(path: string, answer: PageAnswer): void;
  requests: RecordedRequest[];
  /** The most requests this site had in progress at once. */
  maxInFlight(): number;
  close(): Promise<void>;
};

export function htmlPage(main: string, { ad = "Buy now", date = "December 5, 2026" } = {}): string {
  return `<!doctype html><html><head><title>Test page</title></head><body><header><p>${date}</p></header><main>${main}<aside class="ad">${ad}</aside></main><footer>Test site</footer></body></html>`;
}

export async function startTestSite({ delayMs = 0 }: { delayMs?: number } = {}): Promise<TestSite> {
  const pages = new Map<string, PageAnswer>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      userAgent: String(req.headers["user-agent"] ?? ""),
      host: String(req.headers.host ?? ""),
      start: Date.now(),
      end: 0,
    };
    requests.push(record);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => {
      inFlight -= 1;
      record.end = Date.now();
    });
    const path = (req.url ?? "/").split("?")[0]!;
    const answer = pages.get(req.url ?? "/") ?? pages.get(path);
    const respond = () => {
      if (!answer) {
        res.writeHead(404, { "content-type": "text/html" }).end("<p>Not found</p>");
        return;
      }
      if ("hang" in answer) return;
      if ("reset" in answer) {
        req.socket.destroy();
        return;
      }
      if ("redirect" in answer) {
        res.writeHead(answer.status ?? 302, { location: answer.redirect }).end();
        return;
      }
      const status = req.method === "HEAD" && answer.headStatus ? answer.headStatus : (answer.status ?? 200);
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...answer.headers });
      res.end(req.method === "HEAD" ? undefined : (answer.body ?? ""));
    };
    if (delayMs > 0) setTimeout(respond, delayMs);
    else respond();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    set: (path, answer) => void pages.set(path, answer),
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
