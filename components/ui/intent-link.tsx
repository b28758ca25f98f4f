"use client";

import Link from "next/link";
import { type ComponentProps, useState } from "react";

/**
 * A link that fetches its page ahead only once someone shows they may follow
 * it (a pointer over it, a touch, keyboard focus), not as soon as it is on
 * the screen. Every link of the newsroom's side is one: its pages are
 * rendered per person, so Next.js's prefetch on sight cost the server a render
 * for every link shown (opening the editor: 13 requests, about 110 ms of the
 * server's CPU, half of what the opening itself costs it; the desk: two for
 * each check listed), for pages that would be fetched afresh on the click
 * anyway. Public pages keep Next.js's own links: they are cached.
 */
export function IntentLink({ onPointerEnter, onTouchStart, onFocus, ...props }: Omit<ComponentProps<typeof Link>, "prefetch">) {
  const [intent, setIntent] = useState(false);
  return (
    <Link
      {...props}
      prefetch={intent ? null : false}
      onPointerEnter={(event) => {
        setIntent(true);
        onPointerEnter?.(event);
      }}
      onTouchStart={(event) => {
        setIntent(true);
        onTouchStart?.(event);
      }}
      onFocus={(event) => {
        setIntent(true);
        onFocus?.(event);
      }}
    />
  );
}
