/**
 * Unsaved edits kept in this browser until the server has them, so a reload,
 * a crash or a lost connection never loses text.
 *
 * One entry per check *and tab*: two tabs editing the same check must not
 * overwrite each other's copy. A tab keeps its id in sessionStorage (so a
 * reload finds its own copy) and holds a Web Lock named after it while open,
 * so another tab can tell a copy left by a closed tab (safe to pick up) from
 * one that belongs to a tab still open.
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

const PREFIX = "factdesk:fact-check-draft:";
const TAB_KEY = "factdesk:tab-id";
const lockName = (tabId: string) => `factdesk:tab:${tabId}`;

export const draftKey = (checkId: string, tabId: string) => `${PREFIX}${checkId}:${tabId}`;

function randomId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

let tabIdPromise: Promise<string> | null = null;

/** This tab's id, held as a Web Lock for the life of the page. */
export function claimTabId(): Promise<string> {
  tabIdPromise ??= (async () => {
    let id: string | null = null;
    try {
      id = window.sessionStorage.getItem(TAB_KEY);
    } catch {
      // No sessionStorage: a fresh id per page load still keeps tabs apart.
    }
    const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      id ??= randomId();
      if (!locks) break;
      const candidate = id;
      const held = await new Promise<boolean>((resolve) => {
        locks
          .request(lockName(candidate), { ifAvailable: true }, (lock) => {
            resolve(lock !== null);
            // Held until the page goes away.
            return lock ? new Promise<void>(() => {}) : undefined;
          })
          .catch(() => resolve(true));
      });
      if (held) break;
      // A duplicated tab copied our sessionStorage: take a new id.
      id = null;
    }
    id ??= randomId();
    try {
      window.sessionStorage.setItem(TAB_KEY, id);
    } catch {
      // Ignore: see above.
    }
    return id;
  })();
  return tabIdPromise;
}

function parse(raw: string | null): LocalDraft | null {
  if (!raw) return null;
  try {
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

export function readLocalDraft(key: string): LocalDraft | null {
  return parse(storage()?.getItem(key) ?? null);
}

/** Returns false when the browser refuses (private mode, quota). */
export function writeLocalDraft(key: string, draft: Omit<LocalDraft, "updatedAt">): boolean {
  try {
    storage()?.setItem(key, JSON.stringify({ ...draft, updatedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing to clear if storage is unavailable.
  }
}

/**
 * Copies of this check left by tabs that are no longer open, newest first.
 * Without Web Locks no tab can be known closed, so none is offered.
 */
export async function findOrphanDrafts(checkId: string, ownKey: string): Promise<{ key: string; draft: LocalDraft }[]> {
  const store = storage();
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!store || !locks) return [];
  const prefix = `${PREFIX}${checkId}:`;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key && key.startsWith(prefix) && key !== ownKey) keys.push(key);
  }
  if (!keys.length) return [];
  const { held = [] } = await locks.query().catch(() => ({ held: [] as LockInfo[] }));
  const open = new Set(held.map((lock) => lock.name));
  return keys
    .filter((key) => !open.has(lockName(key.slice(prefix.length))))
    .map((key) => ({ key, draft: readLocalDraft(key) }))
    .filter((entry): entry is { key: string; draft: LocalDraft } => entry.draft !== null)
    .sort((a, b) => b.draft.updatedAt - a.draft.updatedAt);
}
