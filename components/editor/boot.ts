/**
 * What the editor starts from: the server's copy, or unsaved edits kept in
 * this browser when they are safe to continue.
 */
import type { FactCheckDto } from "@/lib/server/fact-checks";
import { fromDto, sameContent, type DraftData } from "./draft-data";
import {
  claimTabId,
  clearLocalDraft,
  draftKey,
  findOrphanDrafts,
  readLocalDraft,
  writeLocalDraft,
  type LocalDraft,
} from "./local-draft";

export type Boot = {
  data: DraftData;
  /** Where this tab keeps its unsaved edits. */
  draftKey: string;
  /** Edits restored from this browser, to be saved at once. */
  restored: boolean;
  /** Edits kept in this browser that started from an older version: a conflict. */
  staleLocal: DraftData | null;
  /** Where those stale edits are kept (removed if the writer discards them). */
  staleKey: string | null;
};

/** The kept copy can be continued on top of what the server holds now. */
function continues(local: LocalDraft, initial: FactCheckDto): boolean {
  if (local.baseVersion === initial.version) return true;
  // The page closed while a save was in flight and that save landed.
  return local.sent !== undefined && local.baseVersion + 1 === initial.version && sameContent(local.sent, fromDto(initial));
}

export async function decideBoot(initial: FactCheckDto): Promise<Boot> {
  const server = fromDto(initial);
  const ownKey = draftKey(initial.id, await claimTabId());
  const own = readLocalDraft(ownKey);
  const candidates = [
    ...(own ? [{ key: ownKey, draft: own }] : []),
    ...(await findOrphanDrafts(initial.id, ownKey)),
  ].filter(({ key, draft }) => {
    // The server already has it (e.g. the last save before closing landed).
    if (!sameContent(draft.data, server)) return true;
    clearLocalDraft(key);
    return false;
  });

  const base = { data: server, draftKey: ownKey, restored: false, staleLocal: null, staleKey: null };
  const pick = candidates[0];
  if (!pick) return base;
  if (initial.status === "draft" && continues(pick.draft, initial)) {
    if (pick.key !== ownKey) {
      // Adopt a copy left by a closed tab.
      writeLocalDraft(ownKey, { baseVersion: initial.version, data: pick.draft.data });
      clearLocalDraft(pick.key);
    }
    return { ...base, data: pick.draft.data, restored: true };
  }
  return { ...base, staleLocal: pick.draft.data, staleKey: pick.key };
}
