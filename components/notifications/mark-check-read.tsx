"use client";

import { useEffect } from "react";
import { markCheckReadAction } from "@/app/_actions/notifications";

/** Opening a check answers its inbox items: once the page is shown, not while it renders. Rendered only when there are some (hasUnreadAbout). */
export function MarkCheckRead({ factCheckId }: { factCheckId: string }) {
  useEffect(() => {
    markCheckReadAction({ factCheckId }).catch(() => {
      // Nothing to show: the items stay unread until the page is shown again.
    });
  }, [factCheckId]);
  return null;
}
