/**
 * What the editor's two halves share: its light part, loaded with the page
 * (fact-check-editor.tsx), and the editing engine it loads (live-editor.tsx).
 */
import type { LiveOpening } from "@/lib/collab/messages";
import type { FactCheckDto } from "@/lib/server/fact-checks";
import type { VerdictScale } from "@/lib/verdicts";
import type { CitedSource } from "./citation-context";
import type { FirstInput } from "./first-input";
import type { LiveState } from "./live-check";

/**
 * What the editor needs of the stored check: the content itself comes from the
 * live document, so the page sends none of it (a large check's JSON would
 * double what the browser downloads and parses before the editor opens).
 */
export type EditorCheck = Pick<FactCheckDto, "id" | "question" | "status" | "version">;

/**
 * What the page gives the editor to open with before the connection is up:
 * this person's access. The stored live state comes in the page's HTML, beside
 * the first view, never in its payload (first-view-handoff.ts).
 */
export type EditorOpening = Pick<LiveOpening, "access">;

/** The places outside the main column where the live editor shows what it knows (portals). */
export type EditorSlots = { presence: HTMLElement | null; status: HTMLElement | null; sources: HTMLElement | null };

export type LiveEditorProps = {
  initial: EditorCheck;
  /** The newsroom's verdicts and their rating scale. */
  verdicts: VerdictScale;
  /** Who is editing (shown to the others). */
  me: { id: string; name: string };
  /** The sources the check cites, loaded with it (citation numbers and the sources panel). */
  sources: CitedSource[];
  /** This person's access, to open with before the connection is up (the stored state: `hasFirstView`). */
  opening: EditorOpening | null;
  /** Whether the page shows the server's drawing of the check until the editor opens (it says "Opening…" otherwise). */
  hasFirstView: boolean;
  /** Told once the editor's fields are on the page, in the first view's place (in the same commit, before it paints). */
  onOpen: () => void;
  /** What was done to the first view before this module arrived, for the field's editor to carry on. */
  firstInput: FirstInput;
  /** Where the editor puts what it shows outside the main column (fact-check-editor.tsx). */
  slots: EditorSlots;
  /** Told whenever what the server allows this person changes. */
  onAccess: (access: LiveState["access"]) => void;
};
