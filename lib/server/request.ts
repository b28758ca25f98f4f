import "server-only";
import {
  BODY_LIMIT_BYTES,
  BadContentLengthError,
  BodyTooLargeError,
  CLIENT_ADDRESS_HEADER,
  clientAddressFromHeader,
  crossOriginRefusal,
  readBody as readCappedBody,
} from "@/lib/request-boundary.mjs";
import { DomainError, forbidden, invalid } from "./errors";
import { publicBaseUrl } from "./site-url";

/**
 * What the app's routes read from a request, with the rules of
 * lib/request-boundary.mjs and failures as DomainErrors: the client's address,
 * the origin check, the capped body, and JSON or a form within it.
 */

/** The address every per-address limit counts (sign-in, reader reports): see lib/request-boundary.mjs. */
export function clientAddress(request: Request): string {
  return clientAddressFromHeader(request.headers.get(CLIENT_ADDRESS_HEADER));
}

/** Refuses (403) a write sent by a page of another origin; see `crossOriginRefusal`. */
export function assertSameOrigin(request: Request): void {
  const refusal = crossOriginRefusal({
    method: request.method,
    origin: request.headers.get("origin"),
    secFetchSite: request.headers.get("sec-fetch-site"),
    host: request.headers.get("host"),
    publicOrigin: publicBaseUrl(),
  });
  if (refusal) throw forbidden(`Refused: ${refusal}. Send it from this site, or with an API token.`);
}

/** The body, at most `limit` bytes (413 beyond). */
export async function readBody(request: Request, { limit = BODY_LIMIT_BYTES }: { limit?: number } = {}): Promise<Buffer> {
  try {
    return await readCappedBody(request.body as AsyncIterable<Uint8Array> | null, { limit, contentLength: request.headers.get("content-length") });
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new DomainError("too_large", error.message);
    if (error instanceof BadContentLengthError) throw invalid(error.message);
    throw error;
  }
}

/** The media type of the body (`type/subtype`, lower case, parameters dropped), or null when none is declared. */
export function mediaTypeOf(request: Request): string | null {
  const header = request.headers.get("content-type");
  if (header === null) return null;
  return header.split(";")[0]!.trim().toLowerCase();
}

/**
 * For writes: the body is JSON (`Content-Type: application/json`, parameters
 * such as charset aside) or there is none. Anything else, including
 * `text/plain; application/json` and form encodings a page on another site can
 * send without asking, is refused with 415.
 */
export function assertJsonOrNoBody(request: Request): void {
  const type = mediaTypeOf(request);
  if (type === null || type === "application/json") return;
  throw new DomainError("unsupported_media_type", "Send a JSON body with Content-Type: application/json");
}

/** Deeper than any document the app stores (rich text stops at 12 levels): refused before anything walks it. */
export const JSON_MAX_DEPTH = 64;

/**
 * Refuses what PostgreSQL cannot store and what would exhaust the stack: a NUL
 * character (U+0000) in any string or key, named per field (`sections.0.heading`),
 * and nesting deeper than JSON_MAX_DEPTH. Walks iteratively.
 */
export function assertStorableJson(value: unknown): void {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  const fields: Record<string, string> = {};
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (path.length > JSON_MAX_DEPTH) throw invalid(`The request body is nested more than ${JSON_MAX_DEPTH} levels deep`);
    if (typeof current === "string") {
      if (current.includes("\u0000")) fields[path.join(".") || "_"] ??= "Remove the NUL character (U+0000)";
    } else if (current && typeof current === "object") {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes("\u0000")) fields[[...path, key.replaceAll("\u0000", "\\u0000")].join(".")] ??= "Remove the NUL character (U+0000) from this name";
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  if (Object.keys(fields).length > 0) throw invalid("Text may not contain NUL characters", fields);
}

/** Refuses (400) a NUL character (`%00`) in the address: in a path segment (`params`) or the query. */
export function assertNoNulInAddress(request: Request, params: Record<string, string> | undefined): void {
  const fields: Record<string, string> = {};
  // Next.js gives a route without dynamic segments no params at all.
  for (const [name, value] of [...Object.entries(params ?? {}), ...new URL(request.url).searchParams]) {
    if (value.includes("\u0000") || name.includes("\u0000")) fields[name.replaceAll("\u0000", "\\u0000")] = "Remove the NUL character (%00)";
  }
  if (Object.keys(fields).length > 0) throw invalid("The address may not contain NUL characters", fields);
}

/**
 * Parses a JSON body (at most BODY_LIMIT_BYTES). With `optional`, a request
 * with no body at all (no Content-Type, nothing sent) gives `{}`; an empty form
 * post never passes as one (it declares a form type: 415).
 */
export async function readJson(request: Request, { optional = false }: { optional?: boolean } = {}): Promise<unknown> {
  assertJsonOrNoBody(request);
  const declared = mediaTypeOf(request) !== null;
  const text = (await readBody(request)).toString("utf8");
  if (!declared) {
    if (text.length > 0) throw new DomainError("unsupported_media_type", "Send a JSON body with Content-Type: application/json");
    if (optional) return {};
    throw invalid("Send a JSON body with Content-Type: application/json");
  }
  if (optional && text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("The request body is not valid JSON");
  }
  assertStorableJson(value);
  return value;
}

/** A form body (`application/x-www-form-urlencoded` or `multipart/form-data`) of at most `limit` bytes. */
export async function readForm(request: Request, { limit }: { limit: number }): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  const body = await readBody(request, { limit });
  try {
    return await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw invalid("Send the form as a form");
  }
}
