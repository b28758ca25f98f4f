/**
 * The browser's one way to call the JSON API (/api/v1): sends JSON, reads the
 * answer with the schema the server's answer is built to (lib/source-input.ts
 * and the like), and turns every failure into one ApiError: the API's own
 * `{ "error": { "code", "message", "fields"?, … } }`, no answer at all
 * (`network`), or an answer that does not read as expected
 * (`unexpected_response`). A request aborted by its caller rejects with the
 * AbortError as fetch does.
 */
import { z } from "zod";

/** The error body every API route answers with (DomainError.toJSON, lib/server/errors.ts). */
export const apiErrorBodySchema = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

export class ApiError extends Error {
  /** The HTTP status; 0 when no answer came. */
  readonly status: number;
  readonly code: string;
  /** Messages per input field (`{ "title": "Enter the source's title" }`), empty when none. */
  readonly fields: Record<string, string>;
  /** What else the error said (a duplicate's `sourceId`, the `currentVersion` of a conflict). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

type Options = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Where requests go (tests pass the route handlers); the browser's fetch otherwise. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
};

/** Calls `path` and returns its answer as `schema` reads it, or throws ApiError. */
export async function requestJson<S extends z.ZodType>(path: string, schema: S, options: Options = {}): Promise<z.output<S>> {
  const { method = "GET", body, signal, fetch: send = globalThis.fetch } = options;
  let response: Response;
  try {
    response = await send(path, {
      method,
      signal,
      headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    if (error instanceof Error && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(json);
    if (!parsed.success) throw new ApiError(response.status, "unexpected_response", `The server answered ${response.status}. Try again.`);
    const { code, message, fields, ...details } = parsed.data.error;
    throw new ApiError(response.status, code, message, fields, details);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, "unexpected_response", "The server's answer could not be read. Try again.");
  return parsed.data;
}
