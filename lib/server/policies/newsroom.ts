import "server-only";
/**
 * What each role may do across the newsroom, beyond one check or source: one
 * table (roles are cumulative, lib/roles.ts), in the two forms every policy
 * has (test/integration/newsroom-policy.test.ts checks that they agree):
 *
 * - `can(actor, action)` for the person asking (domain functions, the desk's
 *   navigation, its pages);
 * - `allowedUsers(action)`, the same rule as a SQL condition on `users`, for
 *   the lists of people who may (the reviewers a writer can ask).
 *
 * What someone may do to one check is policies/fact-check.ts's, which asks this
 * table for the role-bound steps (publishing, reviewing).
 */
import { inArray, type SQL } from "drizzle-orm";
import { users } from "@/db/schema";
import { hasRole, rolesAtLeast, type Role } from "@/lib/roles";
import type { Actor } from "@/lib/server/actor";
import { forbidden } from "@/lib/server/errors";

export const LEAST_ROLE = {
  /** Be asked to review a check, and approve or send it back. */
  review: "reviewer",
  /** The list of every check in the newsroom (drafts, in review, approved, published), with filters. */
  list_checks: "editor",
  /** Publish an approved check, start its refresh. */
  publish: "editor",
  /** The refresh queue and calendar, scheduling refreshes. */
  plan_refreshes: "editor",
  /** Turn a check's related questions into assignments. */
  assign_questions: "editor",
  /** How often each topic is checked again (settings). */
  set_refresh_policies: "editor",
  /** Check a source's link now (it sends requests to the source's site). */
  check_links: "editor",
  /** The site's name, banner and time zone (settings). */
  change_site_settings: "admin",
  /** Create users, change their role, disable them. */
  manage_users: "admin",
  /** The job queue: what waits, runs and failed; retry a failed job; the outbox of emails. */
  manage_jobs: "admin",
} as const satisfies Record<string, Role>;

export type NewsroomAction = keyof typeof LEAST_ROLE;

/** What a refusal says. */
const REFUSALS: Record<NewsroomAction, string> = {
  review: "Only reviewers, editors and admins review",
  list_checks: "Only editors and admins see every check in the newsroom",
  publish: "Only editors and admins publish",
  plan_refreshes: "Only editors and admins see the refresh queue",
  assign_questions: "Only editors and admins turn related questions into assignments",
  set_refresh_policies: "Only editors and admins set refresh policies",
  check_links: "Only editors and admins check links on demand",
  change_site_settings: "Only admins change site settings",
  manage_users: "Only admins manage users",
  manage_jobs: "Only admins see the job queue",
};

export function can(actor: Pick<Actor, "role">, action: NewsroomAction): boolean {
  return hasRole(actor.role, LEAST_ROLE[action]);
}

/** Refuses (403) an actor whose role does not allow `action`; `message` says what was refused, when the table's does not fit. */
export function authorize(actor: Pick<Actor, "role">, action: NewsroomAction, message = REFUSALS[action]): void {
  if (!can(actor, action)) throw forbidden(message);
}

/** `can` as a condition on `users` rows. */
export function allowedUsers(action: NewsroomAction): SQL {
  return inArray(users.role, rolesAtLeast(LEAST_ROLE[action]));
}
