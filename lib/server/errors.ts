/**
 * One typed error for every domain failure; API routes and actions map it to a
 * status and a JSON body. Database errors are logged, never shown.
 */
import { whyUnavailable } from "@/db/unavailable";

export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "invalid"
  | "too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "conflict"
  | "version_conflict"
  | "rate_limited"
  | "database";

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  conflict: 409,
  version_conflict: 409,
  rate_limited: 429,
  database: 503,
};

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  readonly details?: Record<string, unknown>;
  /** For `rate_limited`: when to try again (the `Retry-After` header). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldErrors; details?: Record<string, unknown>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.details ?? {}),
      },
    };
  }
}

export const notFound = (what = "Not found") => new DomainError("not_found", what);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("forbidden", message);
export const unauthorized = () => new DomainError("unauthorized", "Sign in to continue");
export const invalid = (message: string, fields?: FieldErrors) => new DomainError("invalid", message, { fields });

/** PostgreSQL error codes as thrown by either driver (drizzle wraps them in `cause`). */
function pgErrorCode(error: unknown): { code?: string; constraint?: string } | undefined {
  const e = error as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown } | undefined;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, constraint: e.constraint ?? e.constraint_name };
  return pgErrorCode(e.cause);
}

/** A unique-index violation (optionally of one named constraint). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorCode(error);
  if (pg?.code !== "23505") return false;
  if (!constraint || !pg.constraint) return true;
  return pg.constraint === constraint;
}

/** A foreign-key violation: the row is still referenced, or refers to a missing row. */
export function isForeignKeyViolation(error: unknown): boolean {
  return pgErrorCode(error)?.code === "23503";
}

/**
 * A database that cannot be reached, as the error callers answer with (503
 * `database`), logged in one line that says why; null for any other error.
 */
export function databaseOutage(error: unknown): DomainError | null {
  const reason = whyUnavailable(error);
  if (!reason) return null;
  console.error(`Database unavailable: ${reason}`);
  return new DomainError("database", "The service is unavailable: it cannot reach its database. Try again in a few minutes.");
}
