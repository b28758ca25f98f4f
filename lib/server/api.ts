import "server-only";
import { NextResponse } from "next/server";
import type { Actor } from "./actor";
import { DomainError } from "./errors";
import { actorFromToken } from "./api-tokens";
import { requireActor } from "./session";

/** The caller: a personal API token (`Authorization: Bearer …`) if one is sent, else the session cookie. */
async function apiActor(request: Request): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await actorFromToken(match[1]!) : null;
    if (!actor) throw new DomainError("unauthorized", "The API token is missing, invalid or revoked");
    return actor;
  }
  return requireActor();
}

type Params = Record<string, string>;
type Handler<P extends Params> = (args: { request: Request; actor: Actor; params: P }) => Promise<unknown>;

export function errorResponse(error: DomainError): NextResponse {
  return NextResponse.json(error.toJSON(), { status: error.status });
}

/**
 * Wraps an authenticated JSON API handler: 401 without a session, domain errors
 * as `{ error: { code, message, fields? } }`, unexpected errors logged and
 * answered with a generic 500.
 */
export function apiRoute<P extends Params = Params>(handler: Handler<P>, options: { status?: number } = {}) {
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const actor = await apiActor(request);
      const params = await context.params;
      const result = await handler({ request, actor, params });
      return NextResponse.json(result, { status: options.status ?? 200 });
    } catch (error) {
      if (error instanceof DomainError) return errorResponse(error);
      console.error(error);
      return NextResponse.json(
        { error: { code: "internal", message: "Something went wrong on our side. Try again." } },
        { status: 500 },
      );
    }
  };
}

/** Parses a JSON request body or fails with a 400 the client can read. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new DomainError("invalid", "Send a JSON body with Content-Type: application/json");
  }
  const text = await request.text();
  if (text.length > 1_000_000) throw new DomainError("invalid", "The request body is too large");
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid", "The request body is not valid JSON");
  }
}
