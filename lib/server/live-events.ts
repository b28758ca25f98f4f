import "server-only";

/**
 * Events that open editors must hear about at once: who may edit a check
 * changed (a status transition, a co-writer removed, a user disabled or given
 * another role), its review comments changed, or its content was written
 * outside the live server (an API edit, a refresh). The live-editing server
 * subscribes and re-authorizes or refreshes the connections concerned.
 *
 * Publish only after the transaction that made the change has committed: a
 * listener reads the database to decide, and must see the new state.
 */
export type LiveEvent =
  /** Re-check access for connections to this check, or of this user, or both. */
  | { type: "access"; factCheckId?: string; userId?: string }
  /** Comments on this check were added, answered or resolved. */
  | { type: "comments"; factCheckId: string }
  /** The check's stored live state took a change made outside the live server (lib/server/live-state.ts): open documents merge it. */
  | { type: "content"; factCheckId: string };

type Listener = (event: LiveEvent) => void;

// One set per process, shared by every bundle of the server that imports this module.
const state = globalThis as unknown as { __factdeskLiveListeners?: Set<Listener> };
const listeners = (state.__factdeskLiveListeners ??= new Set());

export function publishLiveEvent(event: LiveEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      // A listener's failure must never fail the action that published.
      console.error(error);
    }
  }
}

export function subscribeLiveEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
