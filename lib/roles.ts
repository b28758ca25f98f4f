/** Roles are cumulative: each can do everything the one before it can. */
export const ROLES = ["writer", "reviewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  writer: "Writer",
  reviewer: "Reviewer",
  editor: "Editor",
  admin: "Admin",
};

export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}
