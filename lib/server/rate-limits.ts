import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { getDb, type Db } from "@/db";
import { apiRateLimits } from "@/db/schema";
import { DomainError } from "./errors";

/**
 * Limits on the JSON API, per caller: a signed-in person (session cookie) by
 * user, a script by API token. People get room for the editor's autosave and
 * quick clicking; scripts get a steady pace; writes less than reads. Counted in
 * the database (one upsert per request), so the limits hold across every app
 * instance on one PostgreSQL.
 */
export type Allowance = { points: number; seconds: number };
export type ApiLimits = Record<"session" | "token", Record<"read" | "write", Allowance>>;

export const API_LIMITS: ApiLimits = {
  session: { read: { points: 600, seconds: 60 }, write: { points: 120, seconds: 60 } },
  token: { read: { points: 120, seconds: 60 }, write: { points: 30, seconds: 60 } },
};

export type ApiCaller = { via: "session"; userId: string } | { via: "token"; tokenId: string };

type Limiters = Record<"session" | "token", Record<"read" | "write", RateLimiterDrizzle>>;

const state = globalThis as unknown as { __factdeskApiLimits?: ApiLimits; __factdeskApiLimiters?: WeakMap<Db, Limiters> };

/** Replaces the limits (tests, to reach one in a few requests); `undefined` restores API_LIMITS. */
export function setApiLimits(limits: ApiLimits | undefined): void {
  state.__factdeskApiLimits = limits;
  state.__factdeskApiLimiters = undefined;
}

function limitersFor(db: Db): Limiters {
  state.__factdeskApiLimiters ??= new WeakMap();
  let limiters = state.__factdeskApiLimiters.get(db);
  if (!limiters) {
    const limits = state.__factdeskApiLimits ?? API_LIMITS;
    const make = (via: "session" | "token", kind: "read" | "write") =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: apiRateLimits,
        keyPrefix: `${via}:${kind}`,
        points: limits[via][kind].points,
        duration: limits[via][kind].seconds,
        // A caller over its limit is refused from memory until its window ends: no query per refused request.
        inMemoryBlockOnConsumed: limits[via][kind].points + 1,
      });
    limiters = { session: { read: make("session", "read"), write: make("session", "write") }, token: { read: make("token", "read"), write: make("token", "write") } };
    state.__factdeskApiLimiters.set(db, limiters);
  }
  return limiters;
}

/** Counts one API request; over the caller's limit, a 429 that says when to try again. */
export async function consumeApiRequest({ caller, write }: { caller: ApiCaller; write: boolean }): Promise<void> {
  const limiter = limitersFor(await getDb())[caller.via][write ? "write" : "read"];
  const key = caller.via === "session" ? caller.userId : caller.tokenId;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new DomainError(
      "rate_limited",
      `Too many ${write ? "changes" : "requests"}: at most ${limiter.points} a ${limiter.duration === 60 ? "minute" : `${limiter.duration} s`}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, details: { retryAfter: retryAfterSeconds } },
    );
  }
}
