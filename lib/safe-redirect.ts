/** A same-site path to return to after sign-in; anything else (absolute or protocol-relative URLs) falls back. */
export function safeCallbackPath(value: unknown, fallback = "/desk"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
