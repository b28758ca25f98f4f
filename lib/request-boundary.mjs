// @ts-check
/**
 * The rules every request meets at the door, in one place for the server in
 * front of Next.js (server.mjs) and the app's own routes (lib/server/request.ts):
 *
 * - `clientAddressOf`: the address per-address limits count, from the socket,
 *   and from X-Forwarded-For only as far as trusted proxies vouch for it;
 * - `crossOriginRefusal`: whether a write came from a page of another origin
 *   (the one origin check);
 * - `readBody`: a request body read up to a cap, refused from its declared
 *   length before a byte is read, and cut off while streaming when it has none
 *   (the one body cap).
 *
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */
import net from "node:net";

/**
 * The request header in which server.mjs hands the client's address to the app
 * (Next.js route handlers never see the socket). Any copy a client sends is
 * deleted first.
 */
export const CLIENT_ADDRESS_HEADER = "x-factdesk-client-address";

/** What `clientAddressFromHeader` answers when no server in front has said (`next dev`): every client shares one count. */
export const UNKNOWN_ADDRESS = "unknown";

/** Set once this process serves through createRequestGuard (lib/request-guard.mjs): only then is the header the guard's. */
const GUARDED = Symbol.for("factdesk.requestGuard");

export function declareRequestGuard() {
  /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[GUARDED] = true;
}

/**
 * The client's address as the guard in front wrote it. Without one (`next dev`,
 * which serves without server.mjs), the header may be the client's own and is
 * not read: every client counts as one address, so limits still hold.
 * @param {string | null | undefined} value the CLIENT_ADDRESS_HEADER of the request
 */
export function clientAddressFromHeader(value) {
  if (!(/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[GUARDED])) return UNKNOWN_ADDRESS;
  return value?.trim() || UNKNOWN_ADDRESS;
}

/** The largest request body the app accepts anywhere (JSON API, forms, server actions): 1 MiB, as Next.js's own server-action limit. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------
// Client address

/** An IPv4 address written as IPv6 (`::ffff:127.0.0.1`, as a dual-stack socket reports it) becomes plain IPv4. */
function normalizeAddress(/** @type {string | undefined | null} */ address) {
  const trimmed = (address ?? "").trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed;
}

/**
 * @typedef {{ has(address: string): boolean, size: number }} TrustedProxies
 */

/**
 * Parses FACTDESK_TRUSTED_PROXIES: addresses and CIDR ranges, separated by commas
 * or spaces (`127.0.0.1, 10.0.0.0/8, ::1`), as nginx's `set_real_ip_from`.
 * Empty or unset: no proxy is trusted. Throws on an entry that is neither.
 * @param {string | undefined | null} value
 * @returns {TrustedProxies}
 */
export function parseTrustedProxies(value) {
  const list = new net.BlockList();
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [rawAddress, prefix, ...rest] = entry.split("/");
    const address = normalizeAddress(rawAddress);
    const family = net.isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (!family || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32) || (prefix !== undefined && !/^\d+$/.test(prefix))) {
      throw new Error(`FACTDESK_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.0/8)`);
    }
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return {
    size: entries.length,
    has(address) {
      const normalized = normalizeAddress(address);
      const family = net.isIP(normalized);
      return family !== 0 && list.check(normalized, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy;
 * then X-Forwarded-For read from the right (each proxy appends the address it
 * saw), skipping trusted proxies, up to the first address none of them is.
 * Entries further left were written by the client and are never read.
 * @param {{ socketAddress: string | undefined | null, forwardedFor: string | undefined | null, trustedProxies: TrustedProxies }} options
 */
export function clientAddressOf({ socketAddress, forwardedFor, trustedProxies }) {
  let address = normalizeAddress(socketAddress) || UNKNOWN_ADDRESS;
  if (trustedProxies.size === 0 || !trustedProxies.has(address)) return address;
  const hops = (forwardedFor ?? "").split(",").map((hop) => normalizeAddress(hop)).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    // A trusted proxy appends an address; anything else there was never checked by one.
    address = hops[i].slice(0, 64);
    if (!trustedProxies.has(address)) return address;
  }
  return address;
}

// ---------------------------------------------------------------------------
// Origin

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origin (`scheme://host[:port]`) of a URL, or null. */
function originOf(/** @type {string | undefined | null} */ url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.origin === "null" ? null : parsed.origin;
  } catch {
    return null;
  }
}

/**
 * Why a write must be refused as coming from a page of another origin, or null
 * to let it through. Browsers say where a request comes from: `Sec-Fetch-Site`
 * (every current browser) and `Origin` (on every POST, PUT, PATCH, DELETE).
 * A write passes when `Sec-Fetch-Site`, if sent, is `same-origin` (or `none`:
 * typed by the user) and `Origin`, if sent, is the app's public origin
 * (FACTDESK_PUBLIC_URL) or has the host the request was sent to (its `Host`
 * header: what the browser connected to, as a proxy passes it on). A request
 * with neither header does not come from a browser (a script, curl): it
 * carries no cookie a browser would add behind the user's back, and passes.
 * Reads (GET, HEAD, OPTIONS) always pass: they change nothing.
 * @param {{ method: string, origin: string | null | undefined, secFetchSite: string | null | undefined, host: string | null | undefined, publicOrigin: string | null | undefined }} request
 * @returns {string | null}
 */
export function crossOriginRefusal({ method, origin, secFetchSite, host, publicOrigin }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  return webSocketOriginRefusal({ origin, secFetchSite, host, publicOrigin });
}

/**
 * The same rule for a WebSocket's opening request (live editing, `/collab`):
 * a GET, but one a page of any origin may open with the user's cookie, and
 * after which it may write. Refused unless it says it comes from this origin,
 * as a write must; a client that says nothing (not a browser) passes.
 * @param {{ origin: string | null | undefined, secFetchSite: string | null | undefined, host: string | null | undefined, publicOrigin: string | null | undefined }} request
 * @returns {string | null}
 */
export function webSocketOriginRefusal({ origin, secFetchSite, host, publicOrigin }) {
  const site = secFetchSite?.trim().toLowerCase();
  if (site && site !== "same-origin" && site !== "none") return `the request came from another site (Sec-Fetch-Site: ${site.slice(0, 20)})`;
  if (origin === undefined || origin === null) return null;
  const from = originOf(origin);
  if (from && (from === originOf(publicOrigin) || (host && new URL(from).host === host.trim().toLowerCase()))) return null;
  return `the request came from another origin (${origin.slice(0, 100)})`;
}

// ---------------------------------------------------------------------------
// Body

/** A body over its cap (413). */
export class BodyTooLargeError extends Error {
  /** @param {number} limit */
  constructor(limit) {
    super(`The request body is larger than ${formatBytes(limit)}`);
    this.name = "BodyTooLargeError";
    this.limit = limit;
  }
}

/** A Content-Length that is not a length (400). */
export class BadContentLengthError extends Error {
  constructor() {
    super("The Content-Length header is not a number of bytes");
    this.name = "BadContentLengthError";
  }
}

function formatBytes(/** @type {number} */ bytes) {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/**
 * Checks a declared Content-Length against the cap without reading anything.
 * @param {string | null | undefined} contentLength
 * @param {number} limit
 */
export function checkDeclaredLength(contentLength, limit) {
  if (contentLength === null || contentLength === undefined || contentLength === "") return;
  if (!/^\s*\d+\s*$/.test(contentLength)) throw new BadContentLengthError();
  if (Number(contentLength) > limit) throw new BodyTooLargeError(limit);
}

/**
 * Reads a whole body, at most `limit` bytes: refused from its Content-Length
 * before reading, and, for a body sent without one (chunked), as soon as the
 * bytes read pass the cap, so that no more than `limit` is ever held.
 * @param {AsyncIterable<Uint8Array | string> | null | undefined} chunks the body (a web ReadableStream or a Node.js stream)
 * @param {{ limit: number, contentLength?: string | null }} options
 * @returns {Promise<Buffer>}
 */
export async function readBody(chunks, { limit, contentLength }) {
  checkDeclaredLength(contentLength, limit);
  if (!chunks) return Buffer.alloc(0);
  /** @type {Buffer[]} */
  const parts = [];
  let size = 0;
  for await (const chunk of chunks) {
    const part = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += part.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    parts.push(part);
  }
  return Buffer.concat(parts, size);
}
