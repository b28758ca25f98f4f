/**
 * What the editor starts from: the server's copy, or unsaved edits kept in
 * this browser when they are safe to continue.
 */
import type { FactCheckDto } from "@/lib/server/fact-checks";
import { fromDto, sameContent, type DraftData } from "./draft-data";
import { clearLocalDraft, readLocalDraft } from "./local-draft";

export type Boot = {
  data: DraftData;
  /** Edits restored from this browser, to be saved at once. */
  restored: boolean;
  /** Edits kept in this browser that started from an older version: a conflict. */
  staleLocal: DraftData | null;
};

export function decideBoot(initial: FactCheckDto): Boot {
  const server = fromDto(initial);
  const local = readLocalDraft(initial.id);
  if (!local || sameContent(local.data, server)) {
    if (local) clearLocalDraft(initial.id);
    return { data: server, restored: false, staleLocal: null };
  }
  const editable = initial.status === "draft";
  const continuesServer =
    local.baseVersion === initial.version ||
    // The page closed while a save was in flight and that save landed.
    (local.sent !== undefined && local.baseVersion + 1 === initial.version && sameContent(local.sent, server));
  if (editable && continuesServer) return { data: local.data, restored: true, staleLocal: null };
  return { data: server, restored: false, staleLocal: local.data };
}
