import "server-only";
/**
 * The link checker's look at one address, without the database: robots.txt
 * first (cached per origin for an hour), then `HEAD`, then `GET` when the
 * server does not answer HEAD properly or when the page is HTML (its main
 * text is hashed to notice changes, lib/main-text.ts). Every request to a
 * host waits its turn: one at a time per host, with a pause between them
 * (`HostTurns`). lib/server/link-checks.ts records what it saw.
 */
import { createHash } from "node:crypto";
import { extractMainText } from "@/lib/main-text";
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, robotsAllow, type RobotsRules } from "@/lib/robots";
import { guardOptionsFromEnv, guardUrl, type GuardOptions } from "./fetch-guard";
import { bodyText, fetchFollowing, isHtml, type FailureKind, type FetchLimits, type Hop } from "./link-fetch";
import { publicBaseUrl } from "./site-url";

/** The queue's job that checks one source now (a source just added: its first archived copy). */
export const LINK_CHECK_SOURCE_JOB = "link-check-source";
/** The scheduled run over every due source. */
export const LINK_CHECK_RUN_JOB = "link-checks";

export const PRODUCT_TOKEN = "Factdesk";

export type LinkCheckerConfig = {
  limits: FetchLimits;
  guard: GuardOptions;
  /** Milliseconds between two requests to one host. */
  hostDelayMs: number;
};

/** The settings from the environment (README, "Configuration"). */
export function linkCheckerConfig(env: Record<string, string | undefined> = process.env): LinkCheckerConfig {
  const number = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return value !== undefined && value !== "" && Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  return {
    limits: {
      timeoutMs: number(env.FACTDESK_LINK_CHECK_TIMEOUT_MS, 15_000),
      maxBytes: number(env.FACTDESK_LINK_CHECK_MAX_BYTES, 2 * 1024 * 1024),
      maxRedirects: 5,
      userAgent: `${PRODUCT_TOKEN}/1.0 (link checker; +${publicBaseUrl()})`,
    },
    guard: guardOptionsFromEnv(env),
    hostDelayMs: number(env.FACTDESK_LINK_CHECK_HOST_DELAY_MS, 2_000),
  };
}

/**
 * One request at a time per host, each starting at least `delayMs` after the
 * previous one to that host ended. Shared by everything in the process that
 * checks links (the scheduled run, "Check now").
 */
export class HostTurns {
  private readonly tails = new Map<string, Promise<void>>();
  constructor(private readonly delayMs: number) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(host, tail);
    await previous;
    try {
      return await task();
    } finally {
      const timer = setTimeout(() => {
        release();
        if (this.tails.get(host) === tail) this.tails.delete(host);
      }, this.delayMs);
      timer.unref?.();
    }
  }
}

const processTurns = globalThis as unknown as { __factdeskHostTurns?: { delayMs: number; turns: HostTurns } };

/** The process's turns for a delay (one set per delay, so tests with their own delay do not share a queue with the server). */
export function hostTurnsFor(delayMs: number): HostTurns {
  if (processTurns.__factdeskHostTurns?.delayMs !== delayMs) processTurns.__factdeskHostTurns = { delayMs, turns: new HostTurns(delayMs) };
  return processTurns.__factdeskHostTurns.turns;
}

export type Look = {
  outcome: "ok" | "failed" | "blocked";
  failure: FailureKind | null;
  httpStatus: number | null;
  finalUrl: string;
  redirects: Hop[];
  permanentRedirect: boolean;
  error: string | null;
  contentType: string | null;
  /** The page's HTML (GET of an HTML page), up to the size cap. */
  html: string | null;
  truncated: boolean;
  mainText: string | null;
  /** SHA-256 (hex) of the main text; null when the page is not HTML or was not read. */
  textHash: string | null;
  /** Requests sent (robots.txt included). */
  requests: number;
};

/** Failures that mean the page is gone or its server unreachable: those that count towards "unreachable". */
export const GONE_FAILURES: ReadonlySet<FailureKind> = new Set<FailureKind>([
  "not_found",
  "gone",
  "server_error",
  "dns",
  "refused",
  "timeout",
  "network",
  "tls",
  "redirect_loop",
  "too_many_redirects",
]);

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

type RobotsCacheEntry = { rules: RobotsRules; until: number };
const robotsCache = globalThis as unknown as { __factdeskRobots?: Map<string, RobotsCacheEntry> };
const ROBOTS_TTL_MS = 3_600_000;

/** Forgets the robots.txt rules read so far (tests change their sites' rules). */
export function clearRobotsCache(): void {
  robotsCache.__factdeskRobots?.clear();
}

async function robotsFor(origin: string, config: LinkCheckerConfig, turns: HostTurns, host: string): Promise<{ rules: RobotsRules; requested: boolean }> {
  const cache = (robotsCache.__factdeskRobots ??= new Map());
  const cached = cache.get(origin);
  if (cached && cached.until > Date.now()) return { rules: cached.rules, requested: false };
  const result = await turns.run(host, () =>
    fetchFollowing(`${origin}/robots.txt`, "GET", { limits: { ...config.limits, maxBytes: Math.min(config.limits.maxBytes, 512 * 1024) }, guard: config.guard }),
  );
  let rules: RobotsRules;
  if (result.status !== null && result.status >= 200 && result.status < 300 && result.body) rules = parseRobots(bodyText(result.body, result.headers), PRODUCT_TOKEN);
  // RFC 9309: a server error means "assume everything is disallowed" for now; 4xx and no answer mean no rules.
  else if (result.status !== null && result.status >= 500) rules = DISALLOW_ALL;
  else rules = ALLOW_ALL;
  cache.set(origin, { rules, until: Date.now() + ROBOTS_TTL_MS });
  return { rules, requested: !!result.decision?.ok };
}

/**
 * Looks at `url`: robots.txt, HEAD, and GET when needed. Never throws for what
 * the network or the server does: every end is a `Look`.
 */
export async function lookAt(url: string, config: LinkCheckerConfig, turns: HostTurns = hostTurnsFor(config.hostDelayMs)): Promise<Look> {
  let requests = 0;
  const base = {
    httpStatus: null,
    finalUrl: url,
    redirects: [] as Hop[],
    permanentRedirect: false,
    contentType: null,
    html: null,
    truncated: false,
    mainText: null,
    textHash: null,
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ...base, outcome: "blocked", failure: "blocked", error: "Not a valid URL", requests };
  }
  const host = parsed.host.toLowerCase();
  const options = { limits: config.limits, guard: config.guard, hopDelayMs: config.hostDelayMs };

  // An address the guard refuses takes no turn of its host and sends nothing (each request below is guarded again).
  const decision = await guardUrl(url, config.guard);
  if (!decision.ok) {
    const dns = decision.reason.startsWith("DNS:");
    return { ...base, outcome: dns ? "failed" : "blocked", failure: dns ? "dns" : "blocked", error: decision.reason, requests };
  }

  // robots.txt goes through the guard like the page: a refused address gets no request at all.
  const robots = await robotsFor(parsed.origin, config, turns, host).catch(() => ({ rules: ALLOW_ALL, requested: false }));
  if (robots.requested) requests += 1;
  if (!robotsAllow(robots.rules, `${parsed.pathname}${parsed.search}`)) {
    return { ...base, outcome: "blocked", failure: "robots", error: `robots.txt of ${parsed.host} does not allow ${PRODUCT_TOKEN} to fetch this page`, requests };
  }

  const head = await turns.run(host, () => fetchFollowing(url, "HEAD", options));
  if (head.decision) requests += 1 + head.redirects.length;
  if (head.failure === "blocked") return { ...base, outcome: "blocked", failure: "blocked", error: head.error, finalUrl: head.finalUrl, redirects: head.redirects, requests };
  const headGone = head.failure !== null && head.failure !== "http_error" && head.failure !== "server_error";
  // A page that is gone (404, 410), or a server that cannot be reached, needs no second request.
  if (headGone) return finish(head, null, requests);
  const html = head.status !== null && head.status >= 200 && head.status < 300 ? isHtml(head.headers) : true;
  if (!html && head.failure === null) return finish(head, null, requests);

  // The page's text (HTML), or a second chance for servers that answer HEAD wrongly (405, 403, 5xx).
  const get = await turns.run(host, () => fetchFollowing(url, "GET", options));
  requests += 1 + get.redirects.length;
  return finish(get, get.body && isHtml(get.headers) && get.status !== null && get.status < 300 ? bodyText(get.body, get.headers) : null, requests);

  function finish(result: Awaited<ReturnType<typeof fetchFollowing>>, htmlText: string | null, count: number): Look {
    const mainText = htmlText === null ? null : extractMainText(htmlText);
    const outcome = result.failure === "blocked" ? "blocked" : result.failure ? "failed" : "ok";
    return {
      outcome,
      failure: result.failure,
      httpStatus: result.status,
      finalUrl: result.finalUrl,
      redirects: result.redirects,
      permanentRedirect: result.permanentRedirect,
      error: result.error,
      contentType: result.headers["content-type"] ? String(result.headers["content-type"]) : null,
      html: htmlText,
      truncated: result.truncated,
      mainText,
      textHash: mainText === null ? null : hashText(mainText),
      requests: count,
    };
  }
}
