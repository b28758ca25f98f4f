import "server-only";
/**
 * Who may do what to a comment on a check they can see (policies/fact-check.ts
 * decides that first: anyone who may not see the check gets 404).
 *
 * - Anyone who may see the check may comment on it and reply to a thread.
 * - A thread is resolved (or reopened) by the person who started it, or by
 *   someone who writes the check: its writers, editors and admins
 *   (`can(actor, "write")`). Another reviewer does not close a reviewer's
 *   point for them.
 * - A reviewer's decision note ("Request changes: …") is part of the decision,
 *   not a thread: nobody resolves it or replies to it.
 */
import type { CommentRow } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { can as canOnCheck, type FactCheckPeople } from "./fact-check";
import type { FactCheckRow } from "@/db/schema";

export type CommentAction = "resolve" | "reply";

type CommentFacts = Pick<CommentRow, "authorId" | "parentId" | "kind">;
type CheckFacts = Pick<FactCheckRow, "ownerId" | "assigneeId" | "status"> & Pick<FactCheckPeople, "collaboratorIds">;

export function can(actor: Actor, action: CommentAction, comment: CommentFacts, check: CheckFacts): boolean {
  if (comment.kind !== "comment" || comment.parentId) return false;
  switch (action) {
    case "reply":
      return true;
    case "resolve":
      return comment.authorId === actor.id || canOnCheck(actor, "write", check);
  }
}

/** What a refusal says. */
export const REFUSALS: Record<CommentAction, string> = {
  resolve: "Only the person who wrote this comment, or a writer of the check, can resolve or reopen it",
  reply: "Reply to the thread's first comment",
};
