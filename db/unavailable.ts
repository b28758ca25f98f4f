/**
 * A database that cannot be reached, said plainly. The drivers report it in
 * many shapes (a socket error from postgres-js, PostgreSQL's own codes when the
 * server shuts down or the database is gone), and drizzle wraps each in
 * "Failed query: …", which names a query and not the problem. `whyUnavailable`
 * finds the cause and says it in one line, with no credentials in it.
 */

/**
 * Thrown when the database cannot be opened; the message says why. It carries
 * no `cause`: logs print the cause chain, and drizzle's wrapper in it names the
 * first query that failed ("Failed query: CREATE SCHEMA …"), not the problem.
 */
export class DatabaseUnavailableError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`The database is unavailable: ${reason}`);
    this.name = "DatabaseUnavailableError";
    this.reason = reason;
  }
}

type Failure = {
  code?: unknown;
  message?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
  cause?: unknown;
};

const SOCKET: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ETIMEDOUT: "timed out",
  CONNECT_TIMEOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found",
};
const LOST = new Set(["ECONNRESET", "EPIPE", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
/**
 * PostgreSQL's codes for a server that will not serve: connection exceptions
 * (08), authorization (28), a database that does not exist (3D000), too many
 * connections (53300), shutting down or starting up (57P01–57P03).
 */
const SERVER = /^(08...|28...|3D000|53300|57P0[1-3])$/;

function whereOf(f: Failure): string {
  const address = typeof f.address === "string" ? f.address : typeof f.hostname === "string" ? f.hostname : null;
  if (!address) return "the database server";
  return typeof f.port === "number" ? `${address.includes(":") ? `[${address}]` : address}:${f.port}` : address;
}

function describe(f: Failure): string | null {
  // Several addresses tried (a name with IPv4 and IPv6): the first one says enough.
  if (Array.isArray(f.errors) && f.errors.length && typeof f.address !== "string") {
    const first = describe(f.errors[0] as Failure);
    if (first) return first;
  }
  const code = typeof f.code === "string" ? f.code : "";
  if (code in SOCKET) return `cannot connect to ${whereOf(f)}: ${SOCKET[code]}`;
  if (LOST.has(code)) return `the connection to ${whereOf(f)} was lost`;
  if (SERVER.test(code) && typeof f.message === "string") return f.message;
  return null;
}

/** Why the database cannot be used, when that is what `error` (or its cause) says; else null. */
export function whyUnavailable(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as Failure).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return e.reason;
    const reason = describe(e as Failure);
    if (reason) return reason;
  }
  return null;
}
