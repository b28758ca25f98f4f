/**
 * Source URLs: validation and the normalized form that decides whether two
 * pasted URLs are the same source (one library row per normalized URL).
 *
 * Normalization lowercases the scheme and host, drops default ports, the
 * fragment, a trailing slash, credentials and common tracking parameters, and
 * sorts the query. It keeps everything that can change which document a
 * server returns: http vs https, "www.", path case, other query parameters.
 */
import normalizeUrl from "normalize-url";

export const URL_MAX_LENGTH = 2048;

/** Query parameters that only say where a click came from. */
export const TRACKING_PARAMETERS: (RegExp | string)[] = [
  /^utm_\w+$/i,
  "fbclid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "li_fat_id",
  "ref_src",
];

export type UrlResult = { ok: true; url: string; normalized: string } | { ok: false; message: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Parses a pasted source URL. A bare "example.org/page" gets https://; anything
 * that is not http(s) with a host is refused. Returns the URL to store (as
 * pasted, minus tracking parameters) and the normalized key.
 */
export function parseSourceUrl(input: string): UrlResult {
  const trimmed = (input ?? "").trim();
  if (!trimmed) return { ok: false, message: "Enter the source's URL" };
  if (trimmed.length > URL_MAX_LENGTH) return { ok: false, message: `URLs must be at most ${URL_MAX_LENGTH} characters` };
  if (/[\s\u0000-\u001f\u007f]/.test(trimmed)) return { ok: false, message: "A URL cannot contain spaces or control characters" };
  const withScheme = SCHEME.test(trimmed) && !/^[^:/]+:\d+(\/|$)/.test(trimmed) ? trimmed : `https://${trimmed.replace(/^\/+/, "")}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return { ok: false, message: "This is not a valid URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { ok: false, message: "Source URLs must start with http:// or https://" };
  }
  if (!parsed.hostname || (!parsed.hostname.includes(".") && !parsed.hostname.startsWith("["))) {
    return { ok: false, message: "Enter a full address, such as https://www.example.org/report" };
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (isTrackingParameter(key)) parsed.searchParams.delete(key);
  }
  const url = parsed.toString();
  return { ok: true, url, normalized: normalizeSourceUrl(url) };
}

function isTrackingParameter(key: string): boolean {
  return TRACKING_PARAMETERS.some((p) => (typeof p === "string" ? p === key.toLowerCase() : p.test(key)));
}

/** The dedupe key of an http(s) URL (see the module comment). */
export function normalizeSourceUrl(url: string): string {
  return normalizeUrl(url, {
    stripHash: true,
    stripWWW: false,
    stripAuthentication: true,
    removeTrailingSlash: true,
    removeSingleSlash: true,
    removeDirectoryIndex: false,
    removeQueryParameters: TRACKING_PARAMETERS,
    sortQueryParameters: true,
    normalizeProtocol: true,
    forceHttp: false,
    forceHttps: false,
  });
}

/** True when a search query is probably a URL or a domain rather than words. */
export function looksLikeUrl(query: string): boolean {
  const q = query.trim();
  if (!q || /\s/.test(q)) return false;
  return /^https?:\/\//i.test(q) || /^[\w-]+(\.[\w-]+)+(\/|$|:\d)/.test(q) || /^www\./i.test(q);
}
