import "server-only";
/**
 * One look at a source's address, as the link checker makes it: `HEAD`, then
 * `GET` when the server does not answer HEAD properly or the page's text is
 * needed; redirects followed (each hop through the fetch guard) up to a limit;
 * a timeout per request; the body read up to a size cap. Requests name
 * Factdesk in their `User-Agent`.
 *
 * Every connection goes to the address the guard decided (lib/server/fetch-guard.ts):
 * nothing here resolves a name or opens a socket before the guard said yes.
 */
import http from "node:http";
import https from "node:https";
import { guardUrl, pinnedLookup, type GuardDecision, type GuardOptions } from "./fetch-guard";

export type FetchLimits = {
  /** Milliseconds for each request, from its start to the end of its body. */
  timeoutMs: number;
  /** Bytes of body read at most; the rest is not downloaded. */
  maxBytes: number;
  /** Redirects followed at most. */
  maxRedirects: number;
  userAgent: string;
};

export type Hop = { url: string; status: number };

/** Why a look failed: the words kept with each check. */
export type FailureKind =
  | "blocked"
  | "robots"
  | "dns"
  | "refused"
  | "timeout"
  | "network"
  | "tls"
  | "not_found"
  | "gone"
  | "server_error"
  | "http_error"
  | "redirect_loop"
  | "too_many_redirects";

export type FetchResult = {
  /** The last status answered (null when no server answered). */
  status: number | null;
  /** Where the redirects led (the requested address when none). */
  finalUrl: string;
  /** Each redirect followed: the address that answered and its status. */
  redirects: Hop[];
  /** Every redirect was permanent (301, 308): the address moved for good. */
  permanentRedirect: boolean;
  headers: http.IncomingHttpHeaders;
  /** The body of a GET (up to maxBytes); null for HEAD. */
  body: Buffer | null;
  truncated: boolean;
  failure: FailureKind | null;
  error: string | null;
};

type OneResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer | null; truncated: boolean };

class FetchFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

function networkFailure(error: NodeJS.ErrnoException): FetchFailure {
  switch (error.code) {
    case "ECONNREFUSED":
      return new FetchFailure("refused", "Connection refused");
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new FetchFailure("dns", `DNS: ${error.message}`);
    case "ETIMEDOUT":
      return new FetchFailure("timeout", "Timed out");
    case "ECONNRESET":
    case "EPIPE":
      return new FetchFailure("network", "The connection was reset");
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new FetchFailure("network", "The host could not be reached");
    default:
      if (error.code?.startsWith("ERR_TLS") || error.code?.includes("CERT") || /certificate|SSL|TLS/i.test(error.message)) {
        return new FetchFailure("tls", `TLS: ${error.message}`);
      }
      return new FetchFailure("network", error.message || "Network error");
  }
}

/** One request to the decided address; no redirect followed. */
function requestOnce(decision: Extract<GuardDecision, { ok: true }>, method: "HEAD" | "GET", limits: FetchLimits): Promise<OneResponse> {
  return new Promise((resolve, reject) => {
    const client = decision.url.protocol === "https:" ? https : http;
    const req = client.request(
      {
        method,
        protocol: decision.url.protocol,
        hostname: decision.hostname,
        port: decision.port,
        path: `${decision.url.pathname}${decision.url.search}`,
        // The connection goes to the address the guard decided; TLS still checks the name's certificate.
        lookup: pinnedLookup(decision),
        agent: false,
        headers: {
          "user-agent": limits.userAgent,
          accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
          "accept-encoding": "identity",
          connection: "close",
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (method === "HEAD" || (status >= 300 && status < 400)) {
          res.resume();
          res.on("end", () => resolve({ status, headers: res.headers, body: null, truncated: false }));
          res.on("error", (error) => reject(networkFailure(error as NodeJS.ErrnoException)));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = limits.maxBytes - size;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            // Enough read: the rest is not downloaded.
            resolve({ status, headers: res.headers, body: Buffer.concat(chunks), truncated: true });
            req.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks), truncated }));
        res.on("error", (error) => {
          if (!truncated) reject(error instanceof FetchFailure ? error : networkFailure(error as NodeJS.ErrnoException));
        });
        res.on("aborted", () => {
          if (!truncated) reject(new FetchFailure("network", "The server closed the connection before the page ended"));
        });
      },
    );
    req.setTimeout(limits.timeoutMs, () => req.destroy(new FetchFailure("timeout", `No complete answer within ${Math.round(limits.timeoutMs / 100) / 10} s`)));
    const deadline = setTimeout(() => req.destroy(new FetchFailure("timeout", `No complete answer within ${Math.round(limits.timeoutMs / 100) / 10} s`)), limits.timeoutMs);
    deadline.unref();
    req.on("close", () => clearTimeout(deadline));
    req.on("error", (error) => reject(error instanceof FetchFailure ? error : networkFailure(error as NodeJS.ErrnoException)));
    req.end();
  });
}

function statusFailure(status: number): FailureKind | null {
  if (status >= 200 && status < 300) return null;
  if (status === 404) return "not_found";
  if (status === 410) return "gone";
  if (status >= 500) return "server_error";
  return "http_error";
}

/**
 * Requests `rawUrl` with `method`, following redirects through the guard. A
 * refusal of the guard, at the start or at any hop, ends it as `blocked`
 * before anything is sent there.
 */
export async function fetchFollowing(
  rawUrl: string,
  method: "HEAD" | "GET",
  { limits, guard, hopDelayMs = 0 }: { limits: FetchLimits; guard: GuardOptions; /** A pause before following each redirect (politeness: a hop is a request too). */ hopDelayMs?: number },
): Promise<FetchResult & { decision: GuardDecision | null }> {
  const redirects: Hop[] = [];
  const seen = new Set<string>();
  let current = rawUrl;
  let permanent = true;
  const result = (partial: Partial<FetchResult> & { decision?: GuardDecision | null }) => ({
    status: null,
    finalUrl: current,
    redirects,
    permanentRedirect: redirects.length > 0 && permanent,
    headers: {},
    body: null,
    truncated: false,
    failure: null,
    error: null,
    decision: null,
    ...partial,
  });
  for (;;) {
    const decision = await guardUrl(current, guard);
    if (!decision.ok) {
      const kind: FailureKind = decision.reason.startsWith("DNS:") ? "dns" : "blocked";
      return result({ failure: kind, error: redirects.length ? `Redirected to ${current}: ${decision.reason}` : decision.reason, decision });
    }
    seen.add(decision.url.href);
    let response: OneResponse;
    try {
      response = await requestOnce(decision, method, limits);
    } catch (error) {
      const failure = error instanceof FetchFailure ? error : networkFailure(error as NodeJS.ErrnoException);
      return result({ failure: failure.kind, error: failure.message, decision });
    }
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
      redirects.push({ url: current, status: response.status });
      if (response.status !== 301 && response.status !== 308) permanent = false;
      let next: string;
      try {
        next = new URL(location, decision.url).href;
      } catch {
        return result({ status: response.status, failure: "http_error", error: `A redirect to an invalid address: ${location.slice(0, 200)}`, decision });
      }
      if (seen.has(next)) return result({ status: response.status, failure: "redirect_loop", error: `The redirects loop back to ${next}`, decision });
      if (redirects.length > limits.maxRedirects) {
        return result({ status: response.status, failure: "too_many_redirects", error: `More than ${limits.maxRedirects} redirects`, decision });
      }
      current = next;
      if (hopDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, hopDelayMs));
      continue;
    }
    const failure = statusFailure(response.status);
    return result({
      status: response.status,
      headers: response.headers,
      body: response.body,
      truncated: response.truncated,
      failure,
      error: failure ? `HTTP ${response.status}${http.STATUS_CODES[response.status] ? ` ${http.STATUS_CODES[response.status]}` : ""}` : null,
      decision,
    });
  }
}

/** Whether a response is an HTML page (its text can be extracted). */
export function isHtml(headers: http.IncomingHttpHeaders): boolean {
  const type = String(headers["content-type"] ?? "");
  return type === "" || /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type);
}

/** The body as text, in the charset the response names (UTF-8 unless it names Latin-1/Windows-1252). */
export function bodyText(body: Buffer, headers: http.IncomingHttpHeaders): string {
  const type = String(headers["content-type"] ?? "");
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset === "iso-8859-1" || charset === "latin1" || charset === "windows-1252") return new TextDecoder("windows-1252").decode(body);
  return new TextDecoder("utf-8").decode(body);
}
