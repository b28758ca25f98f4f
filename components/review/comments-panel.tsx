"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition, type FormEvent } from "react";
import { useRestoreTypedBeforeHydration } from "@/components/ui/keep-typed";
import { formatDateTime } from "@/lib/date-format";
import type { CommentDto } from "@/lib/server/comments";
import { addCommentAction, setResolvedAction } from "@/app/_actions/reviews";
import type { Selected } from "./passage-text";
import styles from "./review.module.css";

export type Place = { id: string | null; label: string };

/** The review page's shortcut for "Comment on selection" (as Google Docs has it). */
export const COMMENT_SHORTCUT = "Mod+Alt+M";
const COMMENT_SHORTCUT_LABEL = "Ctrl+Alt+M (⌘⌥M on a Mac)";

/**
 * Comment threads of a check, with a composer for the whole check, a section,
 * or a passage selected in the article. Used on the review page and beside the
 * writer's editor.
 */
export function CommentsPanel({
  checkId,
  comments,
  places,
  passage,
  onPassageDone,
  activeId,
  onActivate,
  headingLevel = 2,
}: {
  checkId: string;
  comments: CommentDto[];
  places: Place[];
  /** A passage chosen in the article: the composer comments on it. */
  passage?: Selected | null;
  onPassageDone?: () => void;
  activeId?: string | null;
  onActivate?: (comment: CommentDto) => void;
  headingLevel?: 2 | 3;
}) {
  const [showResolved, setShowResolved] = useState(false);
  const open = comments.filter((c) => !c.resolved);
  const resolved = comments.filter((c) => c.resolved);
  const shown = showResolved ? comments : open;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = useId();

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <div className={styles.panelHeader}>
        <Heading id={headingId} className={styles.panelTitle}>
          Comments
        </Heading>
        <span className="muted">
          {open.length} open · {resolved.length} resolved
        </span>
      </div>
      <Composer checkId={checkId} places={places} passage={passage ?? null} onDone={onPassageDone} selectable={!!onActivate} />
      {resolved.length > 0 ? (
        <label className={styles.toggle}>
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved
        </label>
      ) : null}
      {shown.length === 0 ? (
        <p className={styles.emptySmall}>{comments.length ? "No open comments." : "No comments yet."}</p>
      ) : (
        <ol className={styles.threads} aria-label="Comment threads">
          {shown.map((comment) => (
            <li key={comment.id}>
              <Thread checkId={checkId} comment={comment} active={activeId === comment.id} onActivate={onActivate} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function Composer({
  checkId,
  places,
  passage,
  onDone,
  selectable,
}: {
  checkId: string;
  places: Place[];
  passage: Selected | null;
  onDone?: () => void;
  /** The article beside it supports "Comment on selection". */
  selectable: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [place, setPlace] = useState<string>("");
  const id = useId();
  const [body, setBody] = useState("");
  // What a reviewer typed before the page's scripts ran is where they left it.
  useRestoreTypedBeforeHydration(`${id}-body`, setBody);
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (passage) textarea.current?.focus();
  }, [passage]);

  const passagePlace = passage ? places.find((p) => p.id === passage.sectionId)?.label ?? "the article" : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    start(async () => {
      const input = passage
        ? { body, sectionId: passage.sectionId, quote: passage.quote, prefix: passage.prefix, suffix: passage.suffix }
        : { body, sectionId: place || null };
      const result = await addCommentAction({ id: checkId, ...input });
      if (!result.ok) {
        setError(result.fields?.body ?? result.fields?.quote ?? result.message);
        return;
      }
      setBody("");
      onDone?.();
      router.refresh();
    });
  };

  return (
    <form
      className={styles.composer}
      onSubmit={submit}
      aria-label={passage ? "Comment on the selected passage" : "New comment"}
      onKeyDown={(e) => {
        if (e.key === "Escape" && passage && onDone) {
          e.preventDefault();
          onDone();
        }
      }}
    >
      {passage ? (
        <div className={styles.passage}>
          <p className={styles.placeLabel}>On a passage in {passagePlace}</p>
          <blockquote className={styles.quote}>{passage.quote}</blockquote>
          <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
            Cancel passage comment
          </button>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-place`}>Comment on</label>
          <select id={`${id}-place`} value={place} onChange={(e) => setPlace(e.target.value)}>
            {places.map((p) => (
              <option key={p.id ?? ""} value={p.id ?? ""}>
                {p.label}
              </option>
            ))}
          </select>
          {selectable ? (
            <span className="hint">Or select text in the article and choose “Comment on selection” (keyboard: select it, then {COMMENT_SHORTCUT_LABEL}).</span>
          ) : null}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-body`}>{passage ? "Comment on this passage" : "Comment"}</label>
        <textarea
          id={`${id}-body`}
          ref={textarea}
          rows={3}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          required
          maxLength={5000}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <p id={`${id}-error`} className="field-error" aria-live="polite">
          {error}
        </p>
      </div>
      <button type="submit" className="btn btn-primary btn-small" disabled={pending || !body.trim()}>
        {pending ? "Posting…" : "Add comment"}
      </button>
    </form>
  );
}

export function Thread({
  checkId,
  comment,
  active,
  onActivate,
}: {
  checkId: string;
  comment: CommentDto;
  active: boolean;
  onActivate?: (comment: CommentDto) => void;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const toggle = () =>
    start(async () => {
      const result = await setResolvedAction({ id: checkId, commentId: comment.id, resolved: !comment.resolved });
      if (!result.ok) setError(result.message);
      else router.refresh();
    });

  const sendReply = (event: FormEvent) => {
    event.preventDefault();
    start(async () => {
      const result = await addCommentAction({ id: checkId, body: reply, parentId: comment.id });
      if (!result.ok) {
        setError(result.fields?.body ?? result.message);
        return;
      }
      setReply("");
      setReplying(false);
      router.refresh();
    });
  };

  return (
    <article
      className={`${styles.thread} ${active ? styles.threadActive : ""} ${comment.resolved ? styles.threadResolved : ""}`}
      aria-label={`Comment by ${comment.authorName}`}
      data-comment-id={comment.id}
    >
      <p className={styles.placeLabel}>
        {comment.placeLabel}
        {comment.resolved ? <span className="badge badge-approved">Resolved</span> : null}
        {comment.detached ? <span className="badge badge-warning">Passage removed</span> : null}
      </p>
      {comment.quote ? (
        onActivate && comment.anchor ? (
          <button type="button" className={styles.quoteButton} onClick={() => onActivate(comment)} title="Show the passage in the article">
            <blockquote className={styles.quote}>{comment.anchor.text}</blockquote>
          </button>
        ) : (
          <blockquote className={`${styles.quote} ${comment.detached ? styles.quoteDetached : ""}`}>
            {comment.anchor?.text ?? comment.quote}
          </blockquote>
        )
      ) : null}
      {comment.detached ? (
        <p className={styles.detachedNote}>The passage this comment was on has been deleted; the comment is kept.</p>
      ) : null}
      <Message comment={comment} />
      {comment.replies.length > 0 ? (
        <ol className={styles.replies} aria-label="Replies">
          {comment.replies.map((r) => (
            <li key={r.id}>
              <Message comment={r} />
            </li>
          ))}
        </ol>
      ) : null}
      {replying ? (
        <form onSubmit={sendReply} className={styles.replyForm}>
          <label htmlFor={`${id}-reply`} className="visually-hidden">
            Reply to {comment.authorName}
          </label>
          <textarea id={`${id}-reply`} rows={2} value={reply} onChange={(e) => setReply(e.target.value)} required autoFocus />
          <div className={styles.actions}>
            <button type="submit" className="btn btn-primary btn-small" disabled={pending || !reply.trim()}>
              Reply
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setReplying(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className={styles.actions}>
          <button type="button" className="btn btn-small" onClick={() => setReplying(true)}>
            Reply
          </button>
          {comment.canResolve ? (
            <button type="button" className="btn btn-small" onClick={toggle} disabled={pending}>
              {comment.resolved ? "Reopen" : "Resolve"}
            </button>
          ) : null}
        </div>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}

function Message({ comment }: { comment: CommentDto }) {
  return (
    <div className={styles.message}>
      <p className={styles.meta}>
        <strong>{comment.authorName}</strong> · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
        {comment.resolved && comment.resolvedByName && !comment.parentId ? (
          <span className="muted"> · resolved by {comment.resolvedByName}</span>
        ) : null}
      </p>
      <p className={styles.body}>{comment.body}</p>
    </div>
  );
}
