import "server-only";
/**
 * The stored side of live editing (lib/server/live-server.ts runs the live
 * side): each check's live document state in `fact_check_documents`, and how
 * it and the check's JSON content (`fact_checks`) stay in step.
 *
 * - A row, once it exists, holds every change: the live server's, and those of
 *   every other write of the content (an API edit, a refresh), which update it
 *   in their own transaction (`writeLiveContent`) and then publish a "content"
 *   live event so that open documents take the change in.
 * - The JSON content is the row's last valid form: a store
 *   (`storeLiveDocument`) puts the live document's content through the same
 *   validation and workflow steps as any edit (`applyEdit` in fact-checks.ts)
 *   and writes it only when they accept it. What they refuse stays in the live
 *   document, for its writers to fix, and never reaches the JSON.
 * - Everything is decided under the check's row lock, so a store and any other
 *   change of the check run one after the other; a store merges the row into
 *   the document first, so nothing another writer put there is lost.
 */
import * as Y from "yjs";
import { getDb, type Db } from "@/db";
import type { FactCheckRow } from "@/db/schema";
import type { LiveOpening } from "@/lib/collab/messages";
import { applyContent, ContentMemo, contentToDoc, docToContent, LIVE_FIELDS, type LiveContent } from "@/lib/collab/document";
import { fieldErrors, updateFactCheckSchema } from "@/lib/fact-check-input";
import type { Actor } from "./actor";
import { contentOf } from "./content";
import { DomainError, notFound } from "./errors";
import { applyEdit, changedSectionIndexes, sameJson } from "./fact-checks";
import { missingClaimFields, readHead, readState, readWrites, storedStateVector, writeChanges, writeState } from "./live-state";
import { can, liveAccess, loadFactCheck, loadFactCheckKnowing, type LargeContent } from "./policies/fact-check";

/**
 * The live state to open a check with: its row, or, for a check never opened
 * live, one built from its content and stored at once (under the check's lock,
 * so two instances opening it together build it once). Null when the check
 * does not exist.
 */
export async function loadLiveState({ factCheckId }: { factCheckId: string }): Promise<Uint8Array | null> {
  const db = await getDb();
  const stored = await readState(db, factCheckId);
  if (stored && !lacksClaim(stored)) return stored;
  return db.transaction(async (tx) => {
    const check = await loadFactCheck(tx, { id: factCheckId, lock: true });
    if (!check) return null;
    const again = await readState(tx, factCheckId);
    if (again) {
      // A state from before the claim was live: it takes the stored claim, once.
      const doc = new Y.Doc();
      Y.applyUpdate(doc, again);
      const missing = missingClaimFields(doc, check);
      if (Object.keys(missing).length === 0) return again;
      applyContent(doc, missing);
      const state = Y.encodeStateAsUpdate(doc);
      await writeState(tx, factCheckId, state);
      return state;
    }
    const state = Y.encodeStateAsUpdate(contentToDoc(contentOf(check)));
    await writeState(tx, factCheckId, state);
    return state;
  });
}

/**
 * What the editor's page opens a check with (`LiveOpening`): the editor shows
 * and takes typing at once, as from this browser's own copy, and the
 * connection brings what others wrote since and sends what was typed. The
 * state is always the stored one (for a check never opened live, built and
 * stored here, as the live server would on its first load): one the browser
 * made up from the content would be other edits of the same text, and merge
 * as a second copy of it. Who may write is the live server's own rule, which
 * it applies again on connecting. With it, what that state holds (`content`,
 * null without a state), for the page to draw its first view from: read from
 * the state itself, not from the encoding sent to the browser.
 */
export async function getLiveOpening({ actor, id }: { actor: Actor; id: string }): Promise<{ opening: LiveOpening; content: LiveContent | null }> {
  const db = await getDb();
  const check = await loadFactCheck(db, { id });
  const access = check ? liveAccess(actor, check) : null;
  if (!access) throw notFound("Fact-check not found");
  const state = (await readState(db, id)) ?? (await loadLiveState({ factCheckId: id }));
  return { opening: { access, state: state ? Buffer.from(state).toString("base64") : null }, content: state ? contentOfState(state) : null };
}

/** Reads `read` off a document made from a stored state, then lets the document go. */
function fromState<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  try {
    return read(doc);
  } finally {
    doc.destroy();
  }
}

/** What a live document's state holds, as the editor will show it. */
function contentOfState(state: Uint8Array): LiveContent {
  return fromState(state, docToContent);
}

function lacksClaim(state: Uint8Array): boolean {
  return fromState(state, (doc) => Object.keys(missingClaimFields(doc, { claimReviewed: null, verdict: null, claimAppearance: null })).length > 0);
}

/** Merges a check's stored live state into an open document (after a "content" live event). */
export async function mergeStoredState({ factCheckId, doc }: { factCheckId: string; doc: Y.Doc }): Promise<void> {
  const db = await getDb();
  const state = await readState(db, factCheckId);
  if (state) Y.applyUpdate(doc, state);
}

/** Why a store left the JSON content as it was, for the people whose edits it held. */
export type StoreRefusal = {
  message: string;
  /** Per field, by the API's paths (`sections.2.heading`). */
  fields: Record<string, string>;
  /** The section and related-question ids at each index of those paths. */
  sectionIds: string[];
  relatedIds: string[];
};

export type StoreOutcome =
  /** The content changed and was written (a new `version`). */
  | { kind: "stored"; version: number }
  /** Only the live state was written: the content is what the JSON holds already (at `version`), or nobody here edited. */
  | { kind: "unchanged"; version: number }
  /** The check may not be edited now (in review, approved, published) or by these people: only the live state was kept. */
  | { kind: "read-only" }
  | { kind: "refused"; refusal: StoreRefusal }
  | { kind: "gone" };

/** The live content as an edit would send it: related questions still empty are rows being typed, not sent. */
function editInput(content: LiveContent, version: number) {
  const relatedQuestions = content.relatedQuestions.filter((q) => q.text.trim().length > 0);
  return { input: { version, ...content, relatedQuestions }, sectionIds: content.sections.map((s) => s.id), relatedIds: relatedQuestions.map((q) => q.id) };
}

/**
 * What a store knows of an open document between stores: the number of the
 * last write of the state it made and the state vector of what was stored
 * then (null before its first store), and its fields' content as last read.
 */
type Kept = { seq: number | null; stored: Map<number, number> | null; memo: ContentMemo; content: KnownContent | null };
/** The check's summary and sections as stored at `version`, as this document's last store left them. */
type KnownContent = LargeContent & { version: number };
const kept = new WeakMap<Y.Doc, Kept>();

/**
 * Stores an open live document: merges the stored state into it, writes the
 * state, then writes its content through the same validation and workflow as
 * any edit, by the people who changed it since the last store (`editors`,
 * oldest first; the last one is recorded as the check's last editor).
 *
 * What stays the same between two stores of a document is not done again:
 * only the writes made since this document's last one (by another instance,
 * an API edit) are read and merged, only what the document added since is
 * written (an update appended to the state), and only the fields changed
 * since are read from the document.
 */
export async function storeLiveDocument({ factCheckId, doc, editors }: { factCheckId: string; doc: Y.Doc; editors: Actor[] }): Promise<StoreOutcome> {
  const db = await getDb();
  let known = kept.get(doc);
  if (!known) kept.set(doc, (known = { seq: null, stored: null, memo: new ContentMemo(doc), content: null }));
  const memo = known.memo;
  const written = await db.transaction(async (tx) => {
    // The summary and sections are read only when someone else wrote the content since this document's last store.
    const current = await loadFactCheckKnowing(tx, { id: factCheckId, lock: true, known: known.content });
    if (!current) return { outcome: { kind: "gone" } as const, seq: null, stored: null, content: null };
    const head = await readHead(tx, factCheckId);
    const writes = head && head.seq !== known.seq ? await readWrites(tx, factCheckId, head, known.seq) : [];
    // Nothing awaits from here to the write's encoding: the writes merged are in what it reads of the document.
    for (const write of writes) Y.applyUpdate(doc, write);
    const stored = head ? storedStateVector(known.seq === null ? null : known.stored, writes) : new Map<number, number>();
    const write = await writeChanges(tx, { factCheckId, head, doc, stored });
    const { outcome, row } = await storeContent(tx, { current, doc, memo, editors });
    const after = row ?? current;
    return { outcome, ...write, content: { version: after.version, summary: after.summary, sections: after.sections } };
  });
  // Known only once committed: a rolled-back write leaves the state and the content as they were.
  known.seq = written.seq;
  known.stored = written.stored;
  known.content = written.content;
  return written.outcome;
}

type LoadedCheck = NonNullable<Awaited<ReturnType<typeof loadFactCheck>>>;

/**
 * Writes the document's content as an edit (the same validation and workflow
 * as any), unless it is what the check holds; `row` is the check as written,
 * when it was.
 */
async function storeContent(
  tx: Db,
  { current, doc, memo, editors }: { current: LoadedCheck; doc: Y.Doc; memo: ContentMemo; editors: Actor[] },
): Promise<{ outcome: StoreOutcome; row?: FactCheckRow }> {
  const { input, sectionIds, relatedIds } = editInput(docToContent(doc, memo), current.version);
  const parsed = updateFactCheckSchema.safeParse(input);
  if (!parsed.success) {
    return { outcome: { kind: "refused", refusal: { message: "Check the highlighted fields", fields: fieldErrors(parsed.error), sectionIds, relatedIds } } };
  }
  // A field the live document lacks (undefined) is not an edit of it.
  const same = LIVE_FIELDS.every((field) => {
    const value = parsed.data[field];
    if (value === undefined) return true;
    if (field === "sections") return changedSectionIndexes(current.sections, parsed.data.sections!)?.length === 0;
    return sameJson(value, current[field]);
  });
  if (same || editors.length === 0) return { outcome: { kind: "unchanged", version: current.version } };
  const allowed = editors.filter((actor) => can(actor, "update", current));
  if (current.status !== "draft" || allowed.length === 0) return { outcome: { kind: "read-only" } };
  try {
    // A savepoint: a refusal (a citation of a source that does not exist) undoes the content's write, not the state's.
    const { row } = await tx.transaction((sp) =>
      applyEdit(sp, { actor: allowed.at(-1)!, editors: allowed, current, data: parsed.data, live: false }),
    );
    return { outcome: { kind: "stored", version: row.version }, row };
  } catch (error) {
    if (!(error instanceof DomainError) || error.status >= 500) throw error;
    return { outcome: { kind: "refused", refusal: { message: error.message, fields: error.fields ?? {}, sectionIds, relatedIds } } };
  }
}
