/**
 * What this browser keeps of checks between visits: each check's live
 * document in IndexedDB (`factdesk-check-<id>`, so the editor opens offline
 * and a reload keeps what was typed), and in localStorage the checks whose
 * latest changes the server may not have yet. Signing out discards the
 * copies, after warning of changes not yet sent (components/sign-out-form.tsx).
 */

export const LOCAL_COPY_PREFIX = "factdesk-check-";
const UNSENT_KEY = "factdesk-unsent";

export type UnsentCheck = { id: string; question: string };

function readUnsent(): UnsentCheck[] {
  try {
    const value = JSON.parse(window.localStorage.getItem(UNSENT_KEY) ?? "[]") as unknown;
    return Array.isArray(value) ? value.filter((entry): entry is UnsentCheck => typeof entry?.id === "string" && typeof entry?.question === "string") : [];
  } catch {
    return [];
  }
}

/** Checks this browser changed whose changes the server has not confirmed. */
export function unsentChecks(): UnsentCheck[] {
  return typeof window === "undefined" ? [] : readUnsent();
}

/** Records that a check holds changes not yet sent (`question` names it in the warning), or that all were sent. */
export function markUnsent(check: UnsentCheck, unsent: boolean): void {
  try {
    const others = readUnsent().filter((entry) => entry.id !== check.id);
    window.localStorage.setItem(UNSENT_KEY, JSON.stringify(unsent ? [...others, check] : others));
  } catch {
    // Storage refused (private mode, full): the warning is best effort; the copies still work.
  }
}

/** Deletes every check's copy in this browser and the record of unsent changes. */
export async function discardLocalCopies(): Promise<void> {
  try {
    window.localStorage.removeItem(UNSENT_KEY);
  } catch {
    // Nothing kept.
  }
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((database) => database.name)
      .filter((name): name is string => !!name?.startsWith(LOCAL_COPY_PREFIX))
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
