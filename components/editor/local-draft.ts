/**
 * Unsaved edits kept in this browser until the server has them, so a reload,
 * a crash or a lost connection never loses text. One entry per check, with
 * the version the edits started from.
 */
import { isDraftData, type DraftData } from "./draft-data";

export type LocalDraft = {
  baseVersion: number;
  updatedAt: number;
  data: DraftData;
  /**
   * What a request in flight was sending when this copy was written. If the
   * page closed before its answer arrived, the server may hold exactly this at
   * `baseVersion + 1`: then the copy is ours to continue, not a conflict.
   */
  sent?: DraftData;
};

const key = (checkId: string) => `factdesk:fact-check-draft:${checkId}`;

export function readLocalDraft(checkId: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(key(checkId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof value.baseVersion !== "number" || !isDraftData(value.data)) return null;
    return {
      baseVersion: value.baseVersion,
      updatedAt: Number(value.updatedAt) || 0,
      data: value.data,
      sent: isDraftData(value.sent) ? value.sent : undefined,
    };
  } catch {
    return null;
  }
}

/** Returns false when the browser refuses (private mode, quota). */
export function writeLocalDraft(checkId: string, draft: Omit<LocalDraft, "updatedAt">): boolean {
  try {
    window.localStorage.setItem(key(checkId), JSON.stringify({ ...draft, updatedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(checkId: string): void {
  try {
    window.localStorage.removeItem(key(checkId));
  } catch {
    // Nothing to clear if storage is unavailable.
  }
}
