"use client";

import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import * as Y from "yjs";
import type { LiveMessage } from "@/lib/collab/messages";
import { liveUrl } from "@/lib/live-endpoint.mjs";

/**
 * Keeps the review page current without a reload: listens on the check's live
 * connection (read-only, without presence) and refreshes the page when its
 * comments or its status change.
 */
export function LiveUpdates({ checkId }: { checkId: string }) {
  const router = useRouter();
  useEffect(() => {
    const socket = new HocuspocusProviderWebsocket({ url: liveUrl(window.location) });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: checkId,
      document: new Y.Doc(),
      awareness: null,
      onStateless: ({ payload }) => {
        try {
          const message = JSON.parse(payload) as LiveMessage;
          if (message.type === "comments" || message.type === "access") router.refresh();
        } catch {
          // Not ours.
        }
      },
    });
    provider.attach();
    return () => {
      provider.destroy();
      socket.destroy();
    };
  }, [checkId, router]);
  return null;
}
