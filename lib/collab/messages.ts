/**
 * What the live server (lib/server/live-server.ts) tells an editor, as JSON
 * in Hocuspocus stateless messages.
 */

/**
 * Stateless messages the server sends an editor (JSON):
 * - `access`: the connection is now read-only, or writable again;
 * - `stored`: the check's content holds every change stored so far (its version);
 * - `refused`: the content this person's edits left was not stored, and why
 *   (field paths as the API's, with the ids at each index);
 * - `read-only`: edits reached the live document but the check may not be
 *   changed now, so its content was not written;
 * - `comments`: the check's comments changed.
 */
export type LiveMessage =
  | { type: "access"; readOnly: boolean }
  | { type: "stored"; version: number }
  | { type: "refused"; message: string; fields: Record<string, string>; sectionIds: string[]; relatedIds: string[] }
  | { type: "read-only" }
  | { type: "comments" };


/**
 * What the editor's page gives the browser to open a check with before its
 * live connection is up: what the live server will allow this person, and the
 * stored live state (one Yjs update, base64; null only when the check is gone,
 * and the connection then says so).
 */
export type LiveOpening = { access: "write" | "read"; state: string | null };
