/**
 * Only an optimistic redirect for signed-out visitors: every page, action and
 * API route still checks the session and permissions itself (lib/server).
 */
import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "./auth.config";

const { auth } = NextAuth(authConfig);

export default auth((request) => {
  if (request.auth) return NextResponse.next();
  const url = new URL("/login", request.nextUrl);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
});

export const config = { matcher: ["/desk/:path*", "/admin/:path*", "/sources/:path*"] };
