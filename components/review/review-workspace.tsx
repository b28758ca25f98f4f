"use client";

import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { isApplePlatform, shortcut } from "@/components/editor/shortcuts";
import type { CommentDto } from "@/lib/server/comments";
import { COMMENT_SHORTCUT, Composer, Thread, type Place } from "./comments-panel";
import { passageText, rangeFor, sectionElement, selectionInSection, type Selected } from "./passage-text";
import "./highlights.css";
import styles from "./review.module.css";

type HighlightRegistry = { set: (name: string, h: unknown) => void; delete: (name: string) => void };
type HighlightCtor = new (...ranges: Range[]) => unknown;

function highlights(): { registry: HighlightRegistry; Highlight: HighlightCtor } | null {
  const registry = (globalThis.CSS as unknown as { highlights?: HighlightRegistry })?.highlights;
  const Highlight = (globalThis as unknown as { Highlight?: HighlightCtor }).Highlight;
  return registry && Highlight ? { registry, Highlight } : null;
}

/** Wide enough for the comments to sit in a margin beside the article (review.module.css agrees). */
const MARGIN_MEDIA = "(min-width: 1001px)";
const GAP_PX = 8;
const noSubscription = () => () => {};

/** A passage chosen for a new comment, and where it starts (from the article's top). */
type Chosen = Selected & { offsetTop: number };

/**
 * The review page's article with its comments in the margin beside it, as in a
 * word processor: each thread sits level with its passage (or its section, or
 * the top for the whole check), pushed down only as far as the one above it
 * needs, and the margin scrolls with the article. Narrow screens list the
 * threads under the article instead.
 *
 * A passage is chosen with the mouse (select, then "Comment on selection") or
 * the keyboard: Tab into the article (it then takes a caret: arrows move,
 * Shift+arrows select; nothing can be typed), then Ctrl+Alt+M (⌘⌥M).
 * Commented passages are highlighted with the CSS Custom Highlight API: the
 * server-rendered article is never changed.
 */
export function ReviewWorkspace({
  checkId,
  comments,
  places,
  children,
  sidebarTop,
}: {
  checkId: string;
  comments: CommentDto[];
  places: Place[];
  /** The server-rendered article. */
  children: ReactNode;
  /** Shown above the article (submit, decision, gate, round). */
  sidebarTop?: ReactNode;
}) {
  const articleRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const ranges = useRef(new Map<string, Range>());
  const [selection, setSelection] = useState<(Chosen & { top: number; left: number }) | null>(null);
  const [passage, setPassage] = useState<Chosen | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [caret, setCaret] = useState(false);
  const [notice, setNotice] = useState("");
  // The server does not know the reader's platform: Ctrl there, ⌘ once on a Mac.
  const apple = useSyncExternalStore(noSubscription, isApplePlatform, () => false);
  const hintId = useId();
  const keys = shortcut(COMMENT_SHORTCUT, apple);

  const open = comments.filter((c) => !c.resolved);
  const resolvedCount = comments.length - open.length;
  // Document order: whole check, summary, sections in order; within one, by where the passage starts.
  const shown = useMemo(() => {
    const rank = new Map(places.map((p, i) => [p.id, i]));
    return (showResolved ? comments : open)
      .map((c, i) => ({ c, i }))
      .sort(
        (a, b) =>
          (rank.get(a.c.sectionId) ?? places.length) - (rank.get(b.c.sectionId) ?? places.length) ||
          (a.c.anchor?.offset ?? -1) - (b.c.anchor?.offset ?? -1) ||
          a.i - b.i,
      )
      .map(({ c }) => c);
  }, [comments, open, places, showResolved]);

  const chosenFrom = useCallback((selected: Selected): Chosen & { top: number; left: number } => {
    const root = articleRef.current!;
    const rect = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
    const box = root.getBoundingClientRect();
    return { ...selected, offsetTop: rect.top - box.top, top: rect.bottom - box.top + 6, left: Math.max(0, rect.left - box.left) };
  }, []);

  // Offer a button next to a selection inside one section of the article; a click on a commented passage shows its thread.
  useEffect(() => {
    const onChange = () => {
      const root = articleRef.current;
      if (!root) return;
      const selected = selectionInSection(root);
      if (selected) {
        setSelection(chosenFrom(selected));
        return;
      }
      setSelection(null);
      const current = window.getSelection();
      if (current && current.isCollapsed && current.rangeCount && root.contains(current.anchorNode)) {
        for (const [id, range] of ranges.current) {
          if (range.isPointInRange(current.anchorNode!, current.anchorOffset)) {
            setActiveId(id);
            break;
          }
        }
      }
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, [chosenFrom]);

  // The keyboard path: the shortcut comments on the passage selected in the article.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.altKey && (event.ctrlKey || event.metaKey) && event.code === "KeyM")) return;
      const root = articleRef.current;
      if (!root) return;
      event.preventDefault();
      const selected = selectionInSection(root);
      if (!selected) {
        setNotice("Select a passage within one part of the article first, then press the shortcut again.");
        return;
      }
      setNotice("");
      setPassage(chosenFrom(selected));
      setSelection(null);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [chosenFrom]);

  // Taking a caret from the keyboard: put it at the start of the article's text.
  useEffect(() => {
    const root = articleRef.current;
    if (!caret || !root) return;
    const current = window.getSelection();
    if (current && current.rangeCount && root.contains(current.anchorNode)) return;
    const start = root.querySelector("section[aria-labelledby] p") ?? root;
    const walker = document.createTreeWalker(start, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent?.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    const first = walker.nextNode();
    if (first) current?.collapse(first, 0);
  }, [caret]);

  // Highlight every attached passage; the active one more strongly.
  useEffect(() => {
    const api = highlights();
    const root = articleRef.current;
    if (!root) return;
    const all: Range[] = [];
    const active: Range[] = [];
    const texts = new Map<string, ReturnType<typeof passageText>>();
    ranges.current = new Map();
    for (const c of comments) {
      if (!c.anchor || !c.sectionId || c.resolved) continue;
      const el = sectionElement(root, c.sectionId);
      if (!el) continue;
      if (!texts.has(c.sectionId)) texts.set(c.sectionId, passageText(el));
      const range = rangeFor(texts.get(c.sectionId)!, c.anchor.offset, c.anchor.offset + c.anchor.text.length);
      if (!range) continue;
      ranges.current.set(c.id, range);
      (c.id === activeId ? active : all).push(range);
    }
    if (!api) return;
    api.registry.set("review-comment", new api.Highlight(...all));
    api.registry.set("review-comment-active", new api.Highlight(...active));
    return () => {
      api.registry.delete("review-comment");
      api.registry.delete("review-comment-active");
    };
  }, [comments, activeId]);

  // Each margin item level with what it is about, never overlapping the one above.
  const place = useCallback(() => {
    const list = listRef.current;
    const root = articleRef.current;
    if (!list || !root) return;
    const items = [...list.children] as HTMLElement[];
    if (!window.matchMedia(MARGIN_MEDIA).matches) {
      list.style.removeProperty("--threads-height");
      return;
    }
    const base = list.getBoundingClientRect().top;
    const rootTop = root.getBoundingClientRect().top;
    const wanted = items.map((li, index) => {
      const { commentId, sectionId, offsetTop } = li.dataset;
      let want = rootTop;
      if (offsetTop !== undefined) want = rootTop + Number(offsetTop);
      else if (commentId && ranges.current.has(commentId)) want = ranges.current.get(commentId)!.getBoundingClientRect().top;
      else if (sectionId) want = sectionElement(root, sectionId)?.getBoundingClientRect().top ?? rootTop;
      return { li, want, index };
    });
    wanted.sort((a, b) => a.want - b.want || a.index - b.index);
    let bottom = 0;
    for (const { li, want } of wanted) {
      const top = Math.max(Math.round(want - base), bottom);
      li.style.setProperty("--thread-top", `${top}px`);
      bottom = top + li.offsetHeight + GAP_PX;
    }
    list.style.setProperty("--threads-height", `${bottom}px`);
  }, []);

  useLayoutEffect(() => {
    place();
  }, [place, shown, passage, activeId, comments]);

  useEffect(() => {
    const root = articleRef.current;
    const list = listRef.current;
    if (!root || !list) return;
    const observer = new ResizeObserver(() => place());
    observer.observe(root);
    for (const li of list.children) observer.observe(li);
    window.addEventListener("resize", place);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", place);
    };
  }, [place, shown, passage]);

  const activate = useCallback((comment: CommentDto) => {
    setActiveId(comment.id);
    const root = articleRef.current;
    if (!root || !comment.sectionId) return;
    const range = ranges.current.get(comment.id);
    const target = range?.startContainer.parentElement ?? sectionElement(root, comment.sectionId);
    target?.scrollIntoView({ behavior: "smooth", block: "center" });
  }, []);

  const commentOnSelection = () => {
    if (!selection) return;
    const { top, left, ...chosen } = selection;
    void top;
    void left;
    setPassage(chosen);
    setSelection(null);
  };

  const passageDone = () => {
    setPassage(null);
    // Back to the article, where the keyboard path started.
    if (caret) articleRef.current?.focus();
  };

  const refuseInput = (event: { preventDefault: () => void }) => event.preventDefault();

  return (
    <>
      <div className={styles.reviewBar}>
        {sidebarTop}
        <section className={styles.panel} aria-label="Comment on the check or a section">
          <Composer checkId={checkId} places={places} passage={null} selectable />
        </section>
      </div>
      <div className={styles.workspace}>
        <div className={styles.articleColumn}>
          <p id={hintId} className="visually-hidden">
            Select a passage with Shift and the arrow keys, then press {keys.label} to comment on it.
          </p>
          <div
            ref={articleRef}
            className={`${styles.articleFrame} ${caret ? styles.articleCaret : ""}`}
            role="region"
            aria-label="The draft, as readers will see it"
            aria-describedby={hintId}
            tabIndex={0}
            contentEditable={caret}
            suppressContentEditableWarning
            onFocus={(e) => {
              if (e.target === e.currentTarget && e.currentTarget.matches(":focus-visible")) setCaret(true);
            }}
            onMouseDown={() => setCaret(false)}
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setCaret(false);
            }}
            onBeforeInput={refuseInput}
            onPaste={refuseInput}
            onDrop={refuseInput}
            onCut={refuseInput}
          >
            {children}
          </div>
          {selection ? (
            <button
              type="button"
              className={`btn btn-primary btn-small ${styles.selectionButton}`}
              ref={(el) => {
                el?.style.setProperty("top", `${selection.top}px`);
                el?.style.setProperty("left", `${selection.left}px`);
              }}
              onMouseDown={(e) => e.preventDefault()}
              onClick={commentOnSelection}
              aria-keyshortcuts={keys.aria}
            >
              Comment on selection
            </button>
          ) : null}
        </div>
        <aside className={styles.margin} aria-labelledby={`${hintId}-comments`}>
          <div className={styles.panelHeader}>
            <h2 id={`${hintId}-comments`} className={styles.panelTitle}>
              Comments
            </h2>
            <span className="muted">
              {open.length} open · {resolvedCount} resolved
            </span>
          </div>
          {resolvedCount > 0 ? (
            <label className={styles.toggle}>
              <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved
            </label>
          ) : null}
          <p className={notice ? "form-error" : "visually-hidden"} role="status">
            {notice}
          </p>
          {shown.length === 0 && !passage ? (
            <p className={styles.emptySmall}>{comments.length ? "No open comments." : "No comments yet."}</p>
          ) : null}
          <ol ref={listRef} className={styles.marginThreads} aria-label="Comment threads, beside their passages">
            {passage ? (
              <li key="new" data-offset-top={passage.offsetTop} className={styles.marginComposer}>
                <Composer checkId={checkId} places={places} passage={passage} onDone={passageDone} selectable />
              </li>
            ) : null}
            {shown.map((comment) => (
              <li key={comment.id} data-comment-id={comment.id} data-section-id={comment.sectionId ?? undefined}>
                <Thread checkId={checkId} comment={comment} active={activeId === comment.id} onActivate={activate} />
              </li>
            ))}
          </ol>
          <details className={styles.keyHelp}>
            <summary>Keyboard shortcuts</summary>
            <dl>
              <div>
                <dt>Select text in the article</dt>
                <dd>
                  <kbd>Tab</kbd> into the article, then <kbd>Shift</kbd>+arrows
                </dd>
              </div>
              <div>
                <dt>Comment on the selection</dt>
                <dd>
                  <kbd>{keys.label}</kbd>
                </dd>
              </div>
              <div>
                <dt>Cancel a passage comment</dt>
                <dd>
                  <kbd>Esc</kbd>
                </dd>
              </div>
            </dl>
          </details>
        </aside>
      </div>
    </>
  );
}
