// @ts-check
/**
 * The purge hook: tells a CDN in front which public pages changed.
 *
 * Public pages carry their cache tags (`Cache-Tag` and `Surrogate-Key`,
 * lib/shared-cache-headers.mjs), and every expiry of public tags (a
 * publication, a retraction, a source's new status, a setting) is sent here,
 * once the cache handler has recorded it (lib/cache-handler.mjs):
 *
 *   POST <FACTDESK_PURGE_URL>
 *   Authorization: Bearer <FACTDESK_PURGE_SECRET>
 *   Content-Type: application/json
 *
 *   {"tags":["public:check:…","public:lists"]}
 *
 * which is the body and authorization of Cloudflare's "purge by tag" call, so
 * the URL may be Cloudflare's API itself (docs/deployment.md), or an endpoint
 * of one's own that passes the tags on to another CDN. At most 30 tags a
 * request (within Cloudflare's limit), each request tried three times (a second,
 * then two, apart) before one line in the log says it failed; an editor's
 * request never waits for it or fails with it.
 *
 * Each purge is sent twice: at once, and again `repeatAfterMs` later (5 s).
 * A proxy cache between the CDN and the app (nginx's micro-cache,
 * deploy/nginx) may still answer the CDN's first refetch with the page it
 * held from before the change; the second purge drops that copy too.
 *
 * Plain JavaScript: loaded with the cache handler by Node's own import().
 */

/** Tags of the public site (lib/server/public-cache.ts): the only ones a CDN has. */
export function isPublicTag(/** @type {string} */ tag) {
  return tag === "public" || tag.startsWith("public:");
}

/** Tags per purge request: Cloudflare takes up to 100 (30 before 2025). */
const TAGS_PER_REQUEST = 30;

/**
 * @param {{
 *   url: string,
 *   secret: string,
 *   repeatAfterMs?: number,
 *   retryMs?: number,
 *   timeoutMs?: number,
 *   log?: Pick<Console, "error">,
 * }} options
 */
export function createPurgeHook({ url, secret, repeatAfterMs = 5_000, retryMs = 1_000, timeoutMs = 5_000, log = console }) {
  /** @type {Set<Promise<void>>} */
  const pending = new Set();

  async function send(/** @type {string[]} */ tags) {
    let lastProblem = "";
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** (attempt - 1)));
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: JSON.stringify({ tags }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => {});
        if (response.ok) return;
        lastProblem = `HTTP ${response.status}`;
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error);
      }
    }
    log.error(`Purge hook: could not purge ${tags.join(" ")} at ${new URL(url).origin} (${lastProblem}); a CDN keeps those pages until their s-maxage ends`);
  }

  function track(/** @type {Promise<void>} */ promise) {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  }

  function sendAll(/** @type {string[]} */ tags) {
    for (let i = 0; i < tags.length; i += TAGS_PER_REQUEST) track(send(tags.slice(i, i + TAGS_PER_REQUEST)));
  }

  return {
    /** Purges the public ones of `tags`, now and again after `repeatAfterMs`; never throws. */
    purge(/** @type {string[]} */ tags) {
      const publicTags = [...new Set(tags.filter(isPublicTag))];
      if (!publicTags.length) return;
      sendAll(publicTags);
      if (repeatAfterMs > 0) {
        track(
          new Promise((resolve) => {
            setTimeout(() => {
              sendAll(publicTags);
              resolve(undefined);
            }, repeatAfterMs).unref();
          }),
        );
      }
    },
    /** Waits for every purge sent so far, the repeats included (tests, shutdown). */
    async settled() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

/**
 * The hook the environment configures: `FACTDESK_PURGE_URL` (http or https)
 * with `FACTDESK_PURGE_SECRET`, `FACTDESK_PURGE_REPEAT_MS` (5000; 0: once); none without a URL.
 * A URL without a secret, or not http(s), stops the server at its first cache read.
 */
export function purgeHookFromEnv(env = process.env) {
  const url = env.FACTDESK_PURGE_URL?.trim();
  if (!url) return null;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`FACTDESK_PURGE_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("FACTDESK_PURGE_URL must be an http:// or https:// URL");
  const secret = env.FACTDESK_PURGE_SECRET?.trim();
  if (!secret) throw new Error("FACTDESK_PURGE_URL is set without FACTDESK_PURGE_SECRET");
  const repeat = env.FACTDESK_PURGE_REPEAT_MS?.trim();
  const repeatAfterMs = repeat ? Number(repeat) : 5_000;
  if (!Number.isInteger(repeatAfterMs) || repeatAfterMs < 0) throw new Error("FACTDESK_PURGE_REPEAT_MS must be a whole number of milliseconds, 0 or more");
  return createPurgeHook({ url, secret, repeatAfterMs });
}
