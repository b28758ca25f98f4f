"use client";

/**
 * Autosave for one fact-check: debounced, at most one request in flight, edits
 * made meanwhile coalesced into the next request. Every write carries the
 * version it started from; a 409 stops saving (never overwrite silently).
 * Unsaved state is mirrored to localStorage until the server has it.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import type { FactCheckDto } from "@/lib/server/fact-checks";
import { fieldKeyForPath, toPayload, type DraftData } from "./draft-data";
import { clearLocalDraft, writeLocalDraft } from "./local-draft";

export const SAVE_DEBOUNCE_MS = 700;
const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 20_000, 30_000, 60_000];

export type SaveStatus =
  | { kind: "idle" }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "saved"; at: number }
  | { kind: "error"; message: string; retryAt: number | null }
  | { kind: "invalid"; message: string; firstField: string | null }
  | { kind: "conflict" }
  | { kind: "blocked"; message: string; canRetry: boolean };

export type FieldErrors = Record<string, string>;

type Options = {
  checkId: string;
  /** localStorage key for this tab's unsaved edits. */
  draftKey: string;
  initialVersion: number;
  /** Reads the current working copy (including rich text) — called only when saving. */
  getData: () => DraftData;
  /** Start with unsaved changes (restored from this browser): save them at once. */
  startDirty: boolean;
  /** False when the check cannot be saved at all (not a draft, or a conflict known on load). */
  enabled: boolean;
  /** Plain-language name of a field key, for the status line. */
  describeField: (key: string) => string;
  /** The check as the server stored it after each successful save. */
  onSaved?: (saved: FactCheckDto) => void;
};

type ApiError = { error?: { code?: string; message?: string; fields?: Record<string, string>; currentVersion?: number } };

export function useAutosave({
  checkId,
  draftKey,
  initialVersion,
  getData,
  startDirty,
  enabled,
  describeField,
  onSaved,
}: Options) {
  const [status, setStatus] = useState<SaveStatus>(startDirty ? { kind: "pending" } : { kind: "idle" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
  }, [status]);

  const getDataRef = useRef(getData);
  const describeRef = useRef(describeField);
  const onSavedRef = useRef(onSaved);
  useEffect(() => {
    getDataRef.current = getData;
    describeRef.current = describeField;
    onSavedRef.current = onSaved;
  });

  const version = useRef(initialVersion);
  // Each edit bumps `revision`; `savedRevision` is the last one the server has.
  const revision = useRef(startDirty ? 1 : 0);
  const savedRevision = useRef(0);
  const inFlight = useRef(false);
  const inFlightData = useRef<DraftData | undefined>(undefined);
  const queued = useRef(false);
  // Stopped for good on this page: a conflict, a refusal, or discarded edits.
  const halted = useRef(false);
  // Saving may be switched on later (e.g. the writer chooses to edit a check in review).
  const enabledRef = useRef(enabled);
  const discarded = useRef(false);
  const attempt = useRef(0);
  const waitingForRetry = useRef(false);
  const debounceTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const runRef = useRef<(options?: { keepalive?: boolean }) => void>(() => {});

  const hasUnsaved = useCallback(() => revision.current !== savedRevision.current || inFlight.current, []);

  const keepLocal = useCallback(
    (data: DraftData) => {
      if (discarded.current) return;
      writeLocalDraft(draftKey, { baseVersion: version.current, data, sent: inFlight.current ? inFlightData.current : undefined });
    },
    [draftKey],
  );

  const scheduleRetry = useCallback((message: string) => {
    const delay = RETRY_DELAYS_MS[Math.min(attempt.current, RETRY_DELAYS_MS.length - 1)];
    attempt.current += 1;
    waitingForRetry.current = true;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = setTimeout(() => {
      waitingForRetry.current = false;
      runRef.current();
    }, delay);
    setStatus({ kind: "error", message, retryAt: Date.now() + delay });
  }, []);

  const run = useCallback(
    async ({ keepalive = false }: { keepalive?: boolean } = {}) => {
      if (debounceTimer.current) {
        clearTimeout(debounceTimer.current);
        debounceTimer.current = null;
      }
      if (revision.current === savedRevision.current) return;
      if (inFlight.current) {
        queued.current = true;
        return;
      }
      const data = getDataRef.current();
      keepLocal(data);
      if (halted.current || !enabledRef.current || waitingForRetry.current) return;

      const sent = revision.current;
      const { body, index } = toPayload(data, version.current);
      inFlight.current = true;
      inFlightData.current = data;
      setStatus({ kind: "saving" });
      try {
        let response: Response;
        try {
          response = await fetch(`/api/v1/fact-checks/${encodeURIComponent(checkId)}`, {
            method: "PATCH",
            headers: { "content-type": "application/json" },
            body,
            // Lets a save started while the page is hidden or closing finish.
            // Browsers cap keepalive bodies at 64 KB; larger ones stay in localStorage.
            keepalive: keepalive && body.length < 60_000,
            credentials: "same-origin",
          });
        } catch {
          scheduleRetry(navigator.onLine === false ? "you are offline" : "the server could not be reached");
          return;
        }
        const json = (await response.json().catch(() => null)) as (FactCheckDto & ApiError) | null;

        if (response.ok && json && typeof json.version === "number") {
          version.current = json.version;
          savedRevision.current = sent;
          attempt.current = 0;
          setFieldErrors({});
          onSavedRef.current?.(json);
          if (revision.current === sent) {
            clearLocalDraft(draftKey);
            setStatus({ kind: "saved", at: Date.now() });
          } else {
            // Edits made while this request was in flight: keep their local copy
            // on the new base version, and let the debounce (or the queue) send them.
            keepLocal(getDataRef.current());
            setStatus({ kind: "pending" });
            if (!debounceTimer.current) queued.current = true;
          }
          return;
        }

        const error = json?.error;
        if (response.status === 409 && error?.code === "version_conflict") {
          halted.current = true;
          setStatus({ kind: "conflict" });
          return;
        }
        if (response.status === 400 || response.status === 422) {
          const mapped: FieldErrors = {};
          for (const [path, message] of Object.entries(error?.fields ?? {})) {
            const key = fieldKeyForPath(path, index);
            mapped[key] ??= message;
          }
          if (!Object.keys(mapped).length) mapped._form = error?.message ?? "The server refused this change";
          setFieldErrors(mapped);
          const keys = Object.keys(mapped);
          const first = keys.find((k) => k !== "_form") ?? null;
          const count = keys.length;
          const lead = first ? `${describeRef.current(first)}: ${mapped[first]}` : mapped._form;
          setStatus({
            kind: "invalid",
            message: count > 1 ? `${lead} (and ${count - 1} more)` : lead,
            firstField: first,
          });
          return;
        }
        if (response.status === 401) {
          setStatus({
            kind: "blocked",
            message: "you were signed out. Sign in again in another tab, then retry. Your changes are kept in this browser.",
            canRetry: true,
          });
          return;
        }
        if (response.status === 403 || response.status === 404) {
          halted.current = true;
          setStatus({
            kind: "blocked",
            message:
              error?.message ??
              "This check can no longer be edited here. Your changes are kept in this browser.",
            canRetry: false,
          });
          return;
        }
        scheduleRetry(response.status === 429 ? "too many saves at once" : "the server had a problem");
      } finally {
        inFlight.current = false;
        inFlightData.current = undefined;
        if (queued.current) {
          queued.current = false;
          runRef.current();
        }
      }
    },
    [checkId, draftKey, keepLocal, scheduleRetry],
  );
  useEffect(() => {
    runRef.current = (options) => void run(options);
  }, [run]);

  const markChanged = useCallback(() => {
    revision.current += 1;
    if (debounceTimer.current) clearTimeout(debounceTimer.current);
    debounceTimer.current = setTimeout(() => runRef.current(), SAVE_DEBOUNCE_MS);
    // Returning the same state object keeps typing from re-rendering the editor shell.
    setStatus((s) =>
      s.kind === "pending" || s.kind === "saving" || s.kind === "conflict" || s.kind === "blocked" || s.kind === "error"
        ? s
        : { kind: "pending" },
    );
  }, []);

  const clearFieldError = useCallback((key: string) => {
    setFieldErrors((errors) => {
      if (!(key in errors)) return errors;
      const next = { ...errors };
      delete next[key];
      return next;
    });
  }, []);

  const retry = useCallback(() => {
    if (retryTimer.current) clearTimeout(retryTimer.current);
    waitingForRetry.current = false;
    attempt.current = 0;
    const current = statusRef.current;
    if (current.kind === "error" || (current.kind === "blocked" && current.canRetry)) setStatus({ kind: "pending" });
    runRef.current();
  }, []);

  /** Sends pending edits now (page hidden, leaving, preview). */
  const flush = useCallback(
    (options?: { keepalive?: boolean }) => {
      if (revision.current === savedRevision.current) return;
      if (inFlight.current || halted.current || !enabledRef.current || waitingForRetry.current) {
        keepLocal(getDataRef.current());
        return;
      }
      runRef.current(options);
    },
    [keepLocal],
  );

  /** After the writer chose to discard local edits: stop writing them back. */
  const discard = useCallback(() => {
    discarded.current = true;
    halted.current = true;
    savedRevision.current = revision.current;
    clearLocalDraft(draftKey);
  }, [draftKey]);

  useEffect(() => {
    const wasEnabled = enabledRef.current;
    enabledRef.current = enabled;
    // Edits made before saving was switched on go out now.
    if (enabled && !wasEnabled) runRef.current();
  }, [enabled]);

  // Restored edits are sent at once: on mount only, whatever `startDirty` and `enabled` become later.
  const sendRestored = useEffectEvent(() => {
    if (startDirty && enabled) runRef.current();
  });
  useEffect(() => sendRestored(), []);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (discarded.current || !hasUnsaved()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const onPageHide = () => flush({ keepalive: true });
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush({ keepalive: true });
    };
    const onOnline = () => {
      if (waitingForRetry.current) retry();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    window.addEventListener("pagehide", onPageHide);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", onOnline);
    };
  }, [flush, hasUnsaved, retry]);

  // Leaving the editor inside the app (client-side navigation) unmounts it.
  useEffect(
    () => () => {
      if (debounceTimer.current) clearTimeout(debounceTimer.current);
      if (retryTimer.current) clearTimeout(retryTimer.current);
      flush({ keepalive: true });
    },
    [flush],
  );

  return { status, fieldErrors, markChanged, clearFieldError, retry, flush, discard, hasUnsaved };
}
