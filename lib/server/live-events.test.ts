import { describe, expect, it, vi } from "vitest";
import { publishLiveEvent, subscribeLiveEvents, type LiveEvent } from "./live-events";

describe("live events", () => {
  it("reaches every subscriber until it unsubscribes", () => {
    const seen: LiveEvent[] = [];
    const unsubscribe = subscribeLiveEvents((event) => seen.push(event));
    publishLiveEvent({ type: "access", userId: "u1" });
    unsubscribe();
    publishLiveEvent({ type: "comments", factCheckId: "c1" });
    expect(seen).toEqual([{ type: "access", userId: "u1" }]);
  });

  it("keeps going when one subscriber throws", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const seen: string[] = [];
    const a = subscribeLiveEvents(() => {
      throw new Error("boom");
    });
    const b = subscribeLiveEvents((event) => seen.push(event.type));
    publishLiveEvent({ type: "comments", factCheckId: "c1" });
    a();
    b();
    expect(seen).toEqual(["comments"]);
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
