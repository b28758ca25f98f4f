/**
 * Where to go after signing in: a path on this site, else `fallback`.
 *
 * A prefix test is not enough: browsers drop tabs and newlines and read
 * backslashes as slashes, so "/\t/evil.example" or "/\\evil.example" lead to
 * another host. The value is therefore read the way a browser reads it,
 * resolved against an origin: it must stay on that origin, be a path (one "/"
 * first) and resolve to a path that is one too ("/.//x" resolves to "//x").
 * What comes back is the resolved path, query and fragment, never the raw value.
 *
 * Any http origin gives the same answer for a path, so a fixed one is used.
 */
const ORIGIN = "http://factdesk.invalid";

// Control characters and backslashes are never part of a path this site links to.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

export function safeCallbackPath(value: unknown, fallback = "/desk"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTERS.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
