/** Keyboard shortcut labels, shown in tooltips and given to aria-keyshortcuts. */
export function isApplePlatform(): boolean {
  if (typeof navigator === "undefined") return false;
  const platform =
    (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform;
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** `mod` is Cmd on Apple platforms and Ctrl elsewhere; keys like "Shift+8". */
export function shortcut(keys: string, apple: boolean): { label: string; aria: string } {
  const parts = keys.split("+");
  const aria = parts.map((p) => (p === "Mod" ? (apple ? "Meta" : "Control") : p)).join("+");
  const label = apple
    ? parts.map((p) => ({ Mod: "⌘", Shift: "⇧", Alt: "⌥" })[p] ?? p).join("")
    : parts.map((p) => (p === "Mod" ? "Ctrl" : p)).join("+");
  return { label, aria };
}
