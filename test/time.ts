/**
 * Moves the real clock (`Date`) of this process, for what follows real time
 * rather than the domain clock (sessions and their cookies). Timers keep
 * running; `Date` stands still at the chosen instant until moved again.
 */
import { vi } from "vitest";

export function setRealClockOffset(ms: number): void {
  vi.useRealTimers();
  if (ms === 0) return;
  const at = Date.now() + ms;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
}
