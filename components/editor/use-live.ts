"use client";

import { useCallback, useRef, useSyncExternalStore } from "react";
import * as Y from "yjs";
import { listOf, orderedEntries } from "@/lib/collab/document";
import type { LiveCheck, Presence } from "./live-check";

/**
 * The ids of a list of the live document (sections, related questions) in
 * order. Re-renders when entries are added, deleted or moved, by anyone; not
 * when someone types inside one.
 */
export function useLiveList(doc: Y.Doc, name: "sections" | "relatedQuestions"): string[] {
  const cache = useRef<{ key: string; ids: string[] }>({ key: "", ids: [] });
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = listOf(doc, name);
      const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        if (events.some((event) => event.target === list || (event instanceof Y.YMapEvent && (event.keysChanged.has("position") || event.keysChanged.has("id"))))) onChange();
      };
      list.observeDeep(observer);
      return () => list.unobserveDeep(observer);
    },
    [doc, name],
  );
  const read = useCallback(() => {
    const ids = orderedEntries(doc, name).map((entry) => entry.id);
    const key = ids.join("\n");
    if (key !== cache.current.key) cache.current = { key, ids };
    return cache.current.ids;
  }, [doc, name]);
  return useSyncExternalStore(subscribe, read, read);
}

const NOBODY: Presence[] = [];

/** Everyone else in the check and the field each is in; re-renders when that changes, not when a caret moves. */
export function usePresence(live: LiveCheck): Presence[] {
  const cache = useRef<{ key: string; people: Presence[] }>({ key: "", people: NOBODY });
  const subscribe = useCallback(
    (onChange: () => void) => {
      const awareness = live.provider.awareness;
      awareness?.on("change", onChange);
      return () => awareness?.off("change", onChange);
    },
    [live],
  );
  const read = useCallback(() => {
    const people = live.others();
    const key = people.map((p) => `${p.user.id}:${p.user.name}:${p.user.color}:${p.field ?? ""}`).join("\n");
    if (key !== cache.current.key) cache.current = { key, people };
    return cache.current.people;
  }, [live]);
  return useSyncExternalStore(subscribe, read, () => NOBODY);
}
