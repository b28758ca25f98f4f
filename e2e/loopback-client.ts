/**
 * HTTP requests "from" chosen clients for end-to-end tests of the per-address
 * limits: each is sent from a loopback address of its own (127.0.0.77, …, by
 * binding the socket there), so that the limits it trips never touch the
 * browser's 127.0.0.1.
 */
import crypto from "node:crypto";
import http from "node:http";
import { expect } from "@playwright/test";

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; sent: number };

/**
 * One HTTP request from a chosen loopback address. `body` as an array is sent
 * chunked (no Content-Length), piece by piece, until the server answers. With
 * `holdAfter`, the sender stops once it has written that many bytes and waits
 * (up to 30 s) for the answer before it writes the rest, as a slow uploader
 * would: an answer during the wait is one given without the rest of the body.
 */
export function send(
  url: string,
  {
    method = "GET",
    headers = {},
    body,
    localAddress = "127.0.0.1",
    holdAfter,
  }: { method?: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[]; localAddress?: string; holdAfter?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    // Keep-alive, as browsers: a client that says `Connection: close` has the server close (and reset) the
    // connection as soon as it has answered, while a client still writing its body loses the answer.
    const agent = new http.Agent({ keepAlive: true });
    const request = http.request(url, { method, headers, localAddress, agent }, (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        agent.destroy();
        resolve({ status: response.statusCode!, headers: response.headers, body: text, sent });
      });
      response.on("error", reject);
    });
    request.on("error", (error) => (answered ? undefined : reject(error)));
    if (Array.isArray(body)) {
      const pieces = [...body];
      let held = false;
      const next = (): void => {
        if (holdAfter !== undefined && sent >= holdAfter && !held) {
          held = true;
          const until = Date.now() + 30_000;
          const wait = (): void => {
            if (answered || request.destroyed || Date.now() > until) next();
            else setTimeout(wait, 20);
          };
          return wait();
        }
        const piece = pieces.shift();
        if (!piece || answered || request.destroyed) return void request.end();
        sent += piece.length;
        if (request.write(piece)) setImmediate(next);
        else request.once("drain", next);
      };
      next();
    } else {
      if (body !== undefined) sent = body.length;
      request.end(body);
    }
  });
}

/**
 * A sign-in through Auth.js's form endpoint with a wrong password; says whether
 * the limit refused it. `headers` (and `forwardedFor`) go with both requests, as
 * a client that writes its own address into them would send them.
 */
export async function signInAttempt(
  base: string,
  { email, localAddress, forwardedFor, headers = {} }: { email: string; localAddress: string; forwardedFor?: string; headers?: Record<string, string> },
) {
  const extra: Record<string, string> = { ...headers, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
  const csrf = await send(`${base}/api/auth/csrf`, { localAddress, headers: extra });
  const cookie = [csrf.headers["set-cookie"]].flat().filter(Boolean).map((c) => c!.split(";")[0]).join("; ");
  const token = (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken;
  const reply = await send(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...extra },
    body: new URLSearchParams({ csrfToken: token, email, password: "wrong-password-123" }).toString(),
  });
  expect(reply.status).toBe(302);
  return /code=rate_limited/.test(String(reply.headers.location)) ? "rate_limited" : "refused";
}

/** An email no account has: each failed sign-in counts for a new account, only the address repeats. */
export const email = () => `nobody.${crypto.randomBytes(5).toString("hex")}@factdesk.test`;

/**
 * A reader's "report outdated information" form, posted to `base`; answers the
 * outcome the thank-you page is sent (`recorded`, `already_reported`, `rate_limited`, …).
 */
export async function reportOutdatedAttempt(base: string, slug: string, { localAddress, headers = {} }: { localAddress: string; headers?: Record<string, string> }) {
  const reply = await send(`${base}/fact-checks/${slug}/report`, {
    method: "POST",
    localAddress,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...headers },
    body: "note=looks+old",
  });
  expect(reply.status, reply.body.slice(0, 300)).toBe(303);
  return new URL(String(reply.headers.location), base).searchParams.get("status");
}
