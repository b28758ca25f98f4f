// @ts-check
/**
 * What server.mjs does to each request before Next.js sees it
 * (the rules themselves are lib/request-boundary.mjs):
 *
 * - it writes the client's address into CLIENT_ADDRESS_HEADER, replacing any
 *   copy the client sent;
 * - it refuses a body whose Content-Length is over BODY_LIMIT_BYTES (413), and
 *   reads a body sent without one (chunked) up to that cap before passing it on;
 * - for a server action (a POST with a `Next-Action` header) it checks the
 *   origin (403), reads the body up to the cap (413) and checks that it is a
 *   well-formed action call (400). Next.js answers each of these with a 500
 *   and a stack trace in the log; here they get the API's error shape.
 *
 * Refusals are `{ "error": { "code", "message" } }`, as everywhere in the app.
 * Loaded by Node.js without compilation (server.mjs), hence plain JavaScript.
 */
import http from "node:http";
import {
  BODY_LIMIT_BYTES,
  BadContentLengthError,
  BodyTooLargeError,
  CLIENT_ADDRESS_HEADER,
  checkDeclaredLength,
  clientAddressOf,
  crossOriginRefusal,
  declareRequestGuard,
  parseTrustedProxies,
  readBody,
} from "./request-boundary.mjs";

/**
 * @typedef {import("node:http").IncomingMessage} Request
 * @typedef {import("node:http").ServerResponse} Response
 */

/**
 * Sends an error in the app's shape. What the client still sends of its body is
 * read and dropped (never kept): closing at once would make many clients lose
 * the answer to a reset connection while they are still writing.
 */
function refuse(/** @type {Request} */ req, /** @type {Response} */ res, /** @type {number} */ status, /** @type {string} */ code, /** @type {string} */ message) {
  const body = JSON.stringify({ error: { code, message } });
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("cache-control", "no-store");
  res.end(body);
  req.resume();
}

/** A copy of `req` whose body is `body` (already read), for Next.js to read again. */
function withBody(/** @type {Request} */ req, /** @type {Buffer} */ body) {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers, "content-length": String(body.byteLength) };
  delete headers["transfer-encoding"];
  copy.headers = headers;
  copy.rawHeaders = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)]));
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * Whether a server action's body is a call Next.js can decode: React sends the
 * arguments as a JSON array, alone (text/plain) or as the form field "0" next to
 * the FormData it refers to (multipart/form-data).
 */
async function isWellFormedActionCall(/** @type {string} */ contentType, /** @type {Buffer} */ body) {
  const isJsonArray = (/** @type {unknown} */ text) => {
    if (typeof text !== "string") return false;
    try {
      return Array.isArray(JSON.parse(text));
    } catch {
      return false;
    }
  };
  if (/^multipart\/form-data\s*;/i.test(contentType)) {
    try {
      const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
      return isJsonArray(form.get("0"));
    } catch {
      return false;
    }
  }
  return isJsonArray(body.toString("utf8"));
}

/**
 * @param {{ trustedProxies?: string, publicOrigin?: string, bodyLimit?: number }} [options]
 */
export function createRequestGuard({ trustedProxies, publicOrigin, bodyLimit = BODY_LIMIT_BYTES } = {}) {
  const trusted = parseTrustedProxies(trustedProxies);
  declareRequestGuard();

  /** Reads the body within the cap; null (and the answer sent) when it is refused. */
  async function readCapped(/** @type {Request} */ req, /** @type {Response} */ res) {
    try {
      // Not destroyed on a refusal: the 413 still has to be sent on this socket.
      return await readBody(req.iterator({ destroyOnReturn: false }), { limit: bodyLimit, contentLength: req.headers["content-length"] });
    } catch (error) {
      if (error instanceof BodyTooLargeError) refuse(req, res, 413, "too_large", error.message);
      else if (!res.headersSent && !res.destroyed) refuse(req, res, 400, "invalid", "The request body could not be read");
      return null;
    }
  }

  async function admitAction(/** @type {Request} */ req, /** @type {Response} */ res) {
    const body = await readCapped(req, res);
    if (!body) return null;
    if (!(await isWellFormedActionCall(String(req.headers["content-type"] ?? ""), body))) {
      refuse(req, res, 400, "invalid", "The server action's arguments could not be read");
      return null;
    }
    return withBody(req, body);
  }

  /**
   * Calls `next(request)` with the request Next.js may serve (synchronously when
   * nothing has to be read first), or answers the refusal itself.
   * @param {Request} req
   * @param {Response} res
   * @param {(req: Request) => void} next
   */
  return function admit(req, res, next) {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: [req.headers["x-forwarded-for"]].flat().join(","),
      trustedProxies: trusted,
    });

    // PostgreSQL stores no NUL character: no address of the app has one (`/fact-checks/%00`).
    if (req.url && /%00/i.test(req.url)) return refuse(req, res, 400, "invalid", "The address may not contain a NUL character (%00)");

    const contentLength = req.headers["content-length"];
    try {
      checkDeclaredLength(contentLength, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuse(req, res, 413, "too_large", error.message);
      if (error instanceof BadContentLengthError) return refuse(req, res, 400, "invalid", error.message);
      throw error;
    }

    const isAction = req.method === "POST" && req.headers["next-action"] !== undefined;
    if (isAction) {
      const refusal = crossOriginRefusal({
        method: req.method ?? "POST",
        origin: req.headers.origin,
        secFetchSite: [req.headers["sec-fetch-site"]].flat()[0],
        host: req.headers.host,
        publicOrigin,
      });
      if (refusal) return refuse(req, res, 403, "forbidden", `Refused: ${refusal}.`);
      admitAction(req, res).then((admitted) => admitted && next(admitted), () => refuse(req, res, 400, "invalid", "The request could not be read"));
      return;
    }
    // A body without a declared length: read within the cap here, so that no route can be sent more.
    if (req.headers["transfer-encoding"] !== undefined && contentLength === undefined) {
      readCapped(req, res).then((body) => body && next(withBody(req, body)));
      return;
    }
    next(req);
  };
}
