import "server-only";
import { NextResponse } from "next/server";
import type { Actor } from "./actor";
import { databaseOutage, DomainError } from "./errors";
import { actorFromToken } from "./api-tokens";
import { consumeApiRequest, type ApiCaller } from "./rate-limits";
import { assertJsonOrNoBody, assertNoNulInAddress, assertSameOrigin } from "./request";
import { requireActor } from "./session";

export { readJson } from "./request";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The caller: a personal API token (`Authorization: Bearer …`) if one is sent,
 * else the session cookie. A browser adds the cookie to any request for this
 * site, even one sent by a page of another origin, so a write with the cookie
 * must come from this site itself; a script with a token needs no `Origin`.
 */
async function apiCaller(request: Request, write: boolean): Promise<{ actor: Actor; caller: ApiCaller }> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const found = match ? await actorFromToken(match[1]!) : null;
    if (!found) throw new DomainError("unauthorized", "The API token is missing, invalid or revoked");
    return { actor: found.actor, caller: { via: "token", tokenId: found.tokenId } };
  }
  if (write) assertSameOrigin(request);
  const actor = await requireActor();
  return { actor, caller: { via: "session", userId: actor.id } };
}

type Params = Record<string, string>;
type Handler<P extends Params> = (args: { request: Request; actor: Actor; params: P }) => Promise<unknown>;

export function errorResponse(error: DomainError): NextResponse {
  const headers = error.retryAfterSeconds === undefined ? undefined : { "Retry-After": String(error.retryAfterSeconds) };
  return NextResponse.json(error.toJSON(), { status: error.status, headers });
}

/**
 * Wraps an authenticated JSON API handler: 401 without a session, 403 for a
 * cookie-authenticated write from another origin, 415 for a write whose body is
 * not JSON, 429 over the caller's limit (lib/server/rate-limits.ts), domain
 * errors as `{ error: { code, message, fields? } }`, unexpected errors logged
 * and answered with a generic 500. With `status: 204` the handler's result is not sent.
 */
export function apiRoute<P extends Params = Params>(handler: Handler<P>, options: { status?: number } = {}) {
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const write = !READ_METHODS.has(request.method.toUpperCase());
      const { actor, caller } = await apiCaller(request, write);
      if (write) assertJsonOrNoBody(request);
      await consumeApiRequest({ caller, write });
      const params = await context.params;
      assertNoNulInAddress(request, params);
      const result = await handler({ request, actor, params });
      if (options.status === 204) return new NextResponse(null, { status: 204 });
      return NextResponse.json(result, { status: options.status ?? 200 });
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error);
      const outage = databaseOutage(error);
      if (outage) return errorResponse(outage);
      console.error(error);
      return NextResponse.json(
        { error: { code: "internal", message: "Something went wrong on our side. Try again." } },
        { status: 500 },
      );
    }
  };
}
