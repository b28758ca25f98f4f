"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { CommentDto } from "@/lib/server/comments";
import { CommentsPanel, type Place } from "./comments-panel";
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

/**
 * The review page's article and comments side by side. Selecting text in the
 * article offers "Comment on selection"; commented passages are highlighted
 * (CSS Custom Highlight API: the server-rendered article is never touched).
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
  /** Shown above the comments (decision, gate). */
  sidebarTop?: ReactNode;
}) {
  const articleRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<(Selected & { top: number; left: number }) | null>(null);
  const [passage, setPassage] = useState<Selected | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);

  // Offer a button next to a selection inside one section of the article.
  useEffect(() => {
    const onChange = () => {
      const root = articleRef.current;
      if (!root) return;
      const selected = selectionInSection(root);
      if (!selected) {
        setSelection(null);
        return;
      }
      const rect = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      const box = root.getBoundingClientRect();
      setSelection({ ...selected, top: rect.bottom - box.top + 6, left: Math.max(0, rect.left - box.left) });
    };
    document.addEventListener("selectionchange", onChange);
    return () => document.removeEventListener("selectionchange", onChange);
  }, []);

  // Highlight every attached passage; the active one more strongly.
  useEffect(() => {
    const api = highlights();
    const root = articleRef.current;
    if (!api || !root) return;
    const all: Range[] = [];
    const active: Range[] = [];
    const texts = new Map<string, ReturnType<typeof passageText>>();
    for (const c of comments) {
      if (!c.anchor || !c.sectionId || c.resolved) continue;
      const el = sectionElement(root, c.sectionId);
      if (!el) continue;
      if (!texts.has(c.sectionId)) texts.set(c.sectionId, passageText(el));
      const range = rangeFor(texts.get(c.sectionId)!, c.anchor.offset, c.anchor.offset + c.anchor.text.length);
      if (!range) continue;
      (c.id === activeId ? active : all).push(range);
    }
    api.registry.set("review-comment", new api.Highlight(...all));
    api.registry.set("review-comment-active", new api.Highlight(...active));
    return () => {
      api.registry.delete("review-comment");
      api.registry.delete("review-comment-active");
    };
  }, [comments, activeId]);

  const activate = useCallback((comment: CommentDto) => {
    setActiveId(comment.id);
    const root = articleRef.current;
    if (!root || !comment.sectionId) return;
    const el = sectionElement(root, comment.sectionId);
    el?.scrollIntoView({ behavior: "smooth", block: "center" });
  }, []);

  const commentOnSelection = () => {
    if (!selection) return;
    const { top, left, ...selected } = selection;
    void top;
    void left;
    setPassage(selected);
    setSelection(null);
  };

  return (
    <div className={styles.workspace}>
      <div className={styles.articleColumn}>
        <div ref={articleRef} className={styles.articleFrame}>
          {children}
          {selection ? (
            <button
              type="button"
              className={`btn btn-primary btn-small ${styles.selectionButton}`}
              style={{ top: selection.top, left: selection.left }}
              onMouseDown={(e) => e.preventDefault()}
              onClick={commentOnSelection}
            >
              Comment on selection
            </button>
          ) : null}
        </div>
      </div>
      <aside className={styles.sidebar} aria-label="Review">
        {sidebarTop}
        <CommentsPanel
          checkId={checkId}
          comments={comments}
          places={places}
          passage={passage}
          onPassageDone={() => setPassage(null)}
          activeId={activeId}
          onActivate={activate}
        />
      </aside>
    </div>
  );
}
