/**
 * Only an optimistic redirect for signed-out visitors: every page, action and
 * API route still checks the session and permissions itself (lib/server).
 *
 * It looks for the session cookie and never writes one. (Auth.js's own proxy
 * wrapper re-issues the cookie on every request; a prefetch in flight while the
 * user signs out would then put the session back.)
 */
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name) || request.cookies.has(`${name}.0`));
  if (hasSession) return NextResponse.next();
  const url = new URL("/login", request.nextUrl);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/desk/:path*", "/admin/:path*", "/sources/:path*", "/inbox/:path*", "/inbox"] };
