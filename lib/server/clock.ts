import "server-only";

/**
 * The current time for domain rules. Tests (and the end-to-end suite, through
 * FACTDESK_ALLOW_CLOCK_OVERRIDE) can move it; production never does.
 */
const state = globalThis as unknown as { __factdeskClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (state.__factdeskClockOffsetMs ?? 0));
}

export function setClockOffset(ms: number): void {
  state.__factdeskClockOffsetMs = ms;
}
