"use client";

import { useCallback, useState } from "react";

/** Text for a polite live region; saying the same thing twice is still announced. */
export function useAnnouncer() {
  const [announcement, setAnnouncement] = useState("");
  const announce = useCallback((message: string) => {
    setAnnouncement((previous) => (previous === message ? `${message}\u00a0` : message));
  }, []);
  return { announcement, announce };
}
