/**
 * Drives the app's Auth.js routes (`/api/auth/*`, the handlers of auth.ts) as a
 * browser would, without a server: sign in with the credentials form, read the
 * session, sign out, with the session cookie kept in a small jar.
 *
 * auth.ts reads AUTH_SECRET when it is first imported: call `loadAuth()` (it sets
 * one) before anything imports it.
 */
import { NextRequest } from "next/server";

const ORIGIN = "http://localhost:3000";
export const SESSION_COOKIE = "authjs.session-token";

type Handlers = (typeof import("@/auth"))["handlers"];
let handlers: Handlers | undefined;

export async function loadAuth(): Promise<Handlers> {
  process.env.AUTH_SECRET ||= "test-secret-for-the-auth-routes-0123456789";
  handlers ??= (await import("@/auth")).handlers;
  return handlers;
}

/** Cookies by name, as a browser keeps them: a Set-Cookie with an empty value or a past expiry deletes one. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(initial)) this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expires = attributes.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      const maxAge = attributes.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      const expired = (expires && new Date(expires.slice(8)).getTime() <= Date.now()) || (maxAge && Number(maxAge.slice(8)) <= 0);
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  session(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  /** A copy holding only the session cookie (what someone who took it would have). */
  sessionOnly(): CookieJar {
    const value = this.session();
    return new CookieJar(value ? { [SESSION_COOKIE]: value } : {});
  }
}

async function call(jar: CookieJar, method: "GET" | "POST", path: string, form?: Record<string, string>): Promise<Response> {
  const { GET, POST } = await loadAuth();
  const headers = new Headers({ cookie: jar.header() });
  if (form) headers.set("content-type", "application/x-www-form-urlencoded");
  const request = new NextRequest(`${ORIGIN}${path}`, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined });
  const response = await (method === "GET" ? GET : POST)(request);
  jar.take(response);
  return response;
}

async function csrfToken(jar: CookieJar): Promise<string> {
  const response = await call(jar, "GET", "/api/auth/csrf");
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** Posts the credentials form; returns where Auth.js sends the browser next. */
export async function signInWith(jar: CookieJar, { email, password, callbackUrl = "/desk" }: { email: string; password: string; callbackUrl?: string }) {
  const response = await call(jar, "POST", "/api/auth/callback/credentials", { email, password, callbackUrl, csrfToken: await csrfToken(jar) });
  return { status: response.status, location: response.headers.get("location") };
}

/** `GET /api/auth/session`: the session the endpoint answers (null when none) and whether it set a new session cookie. */
export async function readSession(jar: CookieJar) {
  const before = jar.session();
  const response = await call(jar, "GET", "/api/auth/session");
  const reissued = response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`) && !line.startsWith(`${SESSION_COOKIE}=;`));
  return {
    status: response.status,
    body: (await response.json()) as { user?: { id?: string; email?: string }; expires?: string } | null,
    reissued,
    changed: jar.session() !== before,
  };
}

export async function signOutWith(jar: CookieJar) {
  const response = await call(jar, "POST", "/api/auth/signout", { csrfToken: await csrfToken(jar), callbackUrl: "/login" });
  return { status: response.status, location: response.headers.get("location") };
}
