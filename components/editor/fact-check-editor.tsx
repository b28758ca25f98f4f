"use client";

import { type ReactNode, useCallback, useEffect, useState, useTransition } from "react";
import { withdrawFromReviewAction } from "@/app/_actions/reviews";
import { StatusBadge } from "@/components/ui/status-badge";
import type { FactCheckDto } from "@/lib/server/fact-checks";
import type { VerdictScale } from "@/lib/verdicts";
import type { CitedSource } from "./citation-context";
import { newFirstInput, watchFirstInput } from "./first-input";
import { takeFirstView } from "./first-view-handoff";
import type { LiveState } from "./live-check";
import type { EditorCheck, EditorOpening, LiveEditorProps } from "./editor-types";
import { SaveStatus } from "./save-status";
import { ShortcutHelp } from "./shortcut-help";
import citationStyles from "./citation.module.css";
import styles from "./editor.module.css";

type Access = Parameters<LiveEditorProps["onAccess"]>[0];

const STATUS_NOTES: Record<FactCheckDto["status"], string> = {
  draft: "",
  in_review: "This check is in review, so it cannot be edited now.",
  approved: "This check is approved and waits to be published, so it cannot be edited now.",
  published: "This check is published. Start a refresh to edit it.",
};

/** What the save status says until the engine's own takes over: the editor is on its way. */
const OPENING_STATE: LiveState = { connection: "connecting", access: null, ready: false, unsynced: 0, stored: null, refusal: null, notStored: false, pending: false, comments: 0 };
const noShow = () => {};

type Engine = (props: LiveEditorProps) => ReactNode;

/** Never changes: React leaves the content of an element given it as it is, hydrating it or not. */
const AS_DRAWN = { __html: "" };

/** The id of check `id`'s first view, by which the page finds it drawn by the server. */
const firstViewElementId = (id: string) => `first-view-${id}`;

/**
 * The first view's element (first-view.tsx), its content drawn by the server
 * only. In the browser that hydrates the page, what the server drew in it is
 * kept as it is, never hydrated (nor sent in the page's payload:
 * first-view-handoff.ts): it only shows the check until the engine takes over
 * (clicks and keys in it are read from the document: first-input.ts).
 *
 * When the fields take its place it is hidden, in that same commit, and taken
 * out of the page in a task of its own. Taking out thousands of elements (a
 * check of 40 sections) and the fibers React kept of them, in the commit that
 * puts in the fields, made that one task several times longer, and the longest
 * in Lighthouse's trace.
 */
function DrawnFirstView({ id, drawn, hidden, children }: { id: string; drawn: boolean; hidden: boolean; children: ReactNode }) {
  return drawn ? (
    <div id={id} className={styles.firstView} data-first-view="" hidden={hidden} dangerouslySetInnerHTML={AS_DRAWN} suppressHydrationWarning />
  ) : (
    <div id={id} className={styles.firstView} data-first-view="" hidden={hidden}>
      {children}
    </div>
  );
}

let engineLoad: Promise<{ LiveEditor: Engine }> | null = null;
/** The engine's module, asked for once (again after a failure). */
function loadEngine(): Promise<{ LiveEditor: Engine }> {
  // In steps (engine-base.ts): each is evaluated in a task of its own.
  engineLoad ??= import("./engine-base").then((base) => base.loadCore()).catch((error: unknown) => {
    engineLoad = null;
    throw error;
  });
  return engineLoad;
}
// Asked for as soon as this module runs in the browser: it downloads while the page hydrates, not after.
if (typeof window !== "undefined") loadEngine().catch(() => {});

/**
 * The editor of one fact-check. The page arrives with the check drawn by the
 * server (first-view.tsx, handed to this render by `firstViewToken`): readable, with the review panel and
 * sharing working, before any of the editing engine (ProseMirror, Tiptap,
 * Yjs: most of the page's JavaScript) is loaded. The engine (live-editor.tsx)
 * is asked for as this module loads, downloads while the page hydrates, and
 * takes over the fields in place when it is there; a click or keys in a field
 * before then carry over to its editor (first-input.ts).
 *
 * The header, the side column's Preview and shortcuts, and `aside` (the
 * review panel) stay where they are when the engine takes over, so nothing
 * typed or opened in them is lost; the engine shows its presence list, save
 * status and sources panel in the slots kept for them.
 */
export function FactCheckEditor({
  initial,
  me,
  aside,
  headerActions,
  sources = [],
  verdicts,
  opening = null,
  firstViewToken = null,
  firstSources = null,
}: {
  initial: EditorCheck;
  /** The newsroom's verdicts and their rating scale. */
  verdicts: VerdictScale;
  /** Who is editing (shown to the others). */
  me: { id: string; name: string };
  /** Shown in the side column (the review panel). */
  aside?: ReactNode;
  /** Shown at the end of the header (Share). */
  headerActions?: ReactNode;
  /** The sources the check cites, loaded with it (citation numbers and the sources panel). */
  sources?: CitedSource[];
  /** This person's access, to open with before the connection is up (the stored state is in the HTML: first-view-handoff.ts). */
  opening?: EditorOpening | null;
  /**
   * The check as the server draws it (first-view.tsx), shown until the engine
   * takes over: the token the page kept it by for the render of its HTML
   * (first-view-handoff.ts), not in the page's payload.
   */
  firstViewToken?: string | null;
  /** The side column's sources panel, drawn by the server likewise. */
  firstSources?: ReactNode;
}) {
  // What the page first came with: a refresh of the page (which carries neither) changes nothing.
  // `firstView`: the server's render of the HTML draws it (taken by the page's token);
  // `drawn`: the server's drawing of it is in the document (this render hydrates it).
  const [first] = useState(() => {
    const firstView = typeof window === "undefined" && firstViewToken ? takeFirstView(firstViewToken) : null;
    const drawn = Boolean(firstViewToken) && typeof document !== "undefined" && document.getElementById(firstViewElementId(initial.id)) !== null;
    return { opening, firstView, firstSources, drawn, shown: firstView !== null || drawn };
  });
  const [firstInput] = useState(newFirstInput);
  const [engine, setEngine] = useState<{ LiveEditor: Engine } | null>(null);
  const [engineFailed, setEngineFailed] = useState(false);
  // The engine's fields are on the page: the first view (and its stand-ins beside it) give way.
  const [opened, setOpened] = useState(false);
  const onOpen = useCallback(() => setOpened(true), []);
  // …and, hidden from then on, it leaves the page in the next task.
  const [firstViewGone, setFirstViewGone] = useState(false);
  useEffect(() => {
    if (!opened) return;
    const timer = setTimeout(() => setFirstViewGone(true), 0);
    return () => clearTimeout(timer);
  }, [opened]);
  const [access, setAccess] = useState<Access>(opening?.access ?? null);
  // The engine's answer once it has one (before it, the opening's stands: nothing flickers as it takes over).
  const onAccess = useCallback((known: Access) => {
    if (known) setAccess(known);
  }, []);
  const [slots, setSlots] = useState<{ presence: HTMLElement | null; status: HTMLElement | null; sources: HTMLElement | null }>({ presence: null, status: null, sources: null });
  const presenceRef = useCallback((el: HTMLElement | null) => setSlots((s) => (s.presence === el ? s : { ...s, presence: el })), []);
  const statusRef = useCallback((el: HTMLElement | null) => setSlots((s) => (s.status === el ? s : { ...s, status: el })), []);
  const sourcesRef = useCallback((el: HTMLElement | null) => setSlots((s) => (s.sources === el ? s : { ...s, sources: el })), []);
  useEffect(() => {
    let current = true;
    loadEngine().then(
      (m) => current && setEngine({ LiveEditor: m.LiveEditor }),
      () => current && setEngineFailed(true),
    );
    const stop = watchFirstInput(firstInput);
    return () => {
      current = false;
      stop();
    };
  }, [firstInput]);

  const [withdrawing, startWithdraw] = useTransition();
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  const withdraw = () =>
    startWithdraw(async () => {
      const result = await withdrawFromReviewAction({ id: initial.id });
      setWithdrawError(result.ok ? null : result.message);
    });

  const readOnly = access !== "write";
  const note = STATUS_NOTES[initial.status];
  const canWithdraw = (initial.status === "in_review" || initial.status === "approved") && access === "read";
  const previewHref = `/desk/fact-checks/${encodeURIComponent(initial.id)}/preview`;
  const LiveEditor = engine?.LiveEditor;

  return (
    <div className={styles.workspace}>
      <div className={styles.mainColumn}>
        <header className={styles.editorHeader}>
          <h1 className={styles.eyebrow}>{access === "read" || access === "denied" ? "Fact-check (read only)" : "Edit fact-check"}</h1>
          <StatusBadge status={initial.status} />
          {headerActions ? <div className={styles.headerActions}>{headerActions}</div> : null}
        </header>
        {opened ? null : (
          // The presence list's room, until the engine knows who is here.
          <section className={`${styles.presence} ${styles.presencePending}`} aria-hidden="true">
            <span className={styles.presenceLabel}>No one else is here</span>
          </section>
        )}
        <div ref={presenceRef} className={styles.slot} />

        {note ? (
          <div className={styles.readOnlyNote} role="note">
            <p>{note}</p>
            {canWithdraw ? (
              <>
                <p>Withdrawing it sends it back to draft (the reviewers are told), and everyone may edit it again.</p>
                <button type="button" className="btn btn-small" onClick={withdraw} disabled={withdrawing}>
                  Withdraw from review to edit
                </button>
                {withdrawError ? <p role="alert">{withdrawError}</p> : null}
              </>
            ) : null}
          </div>
        ) : null}

        {LiveEditor ? (
          <LiveEditor
            initial={initial}
            me={me}
            sources={sources}
            verdicts={verdicts}
            opening={first.opening}
            hasFirstView={first.shown}
            firstInput={firstInput}
            slots={slots}
            onAccess={onAccess}
            onOpen={onOpen}
          />
        ) : engineFailed ? (
          <p className={styles.formError} role="alert">
            The editor could not be loaded. Check your connection and reload the page.
          </p>
        ) : first.shown ? null : (
          <p className={styles.hint} role="status">
            Opening the editor…
          </p>
        )}
        {/* In the same place from the page's first paint until the fields take over: it is drawn once, and removed once. */}
        {firstViewGone || !first.shown ? null : (
          <DrawnFirstView id={firstViewElementId(initial.id)} drawn={first.drawn} hidden={opened}>
            {first.firstView}
          </DrawnFirstView>
        )}
      </div>

      <aside className={styles.sideColumn} aria-label="Saving and actions">
        <div className={styles.sideSticky}>
          {LiveEditor ? null : <SaveStatus state={OPENING_STATE} firstField={null} onShowField={noShow} />}
          <div ref={statusRef} className={styles.slot} />
          <a className={`btn ${styles.previewLink}`} href={previewHref} target="_blank" rel="noopener">
            Preview<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          {readOnly ? null : <ShortcutHelp />}
        </div>
        <div className={citationStyles.sidePanel}>
          {opened ? null : first.firstSources}
          <div ref={sourcesRef} className={styles.slot} />
        </div>
        {aside}
      </aside>
    </div>
  );
}
