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

/** `atLeast` and every role above it. */
export function rolesAtLeast(atLeast: Role): Role[] {
  return ROLES.slice(ROLES.indexOf(atLeast));
}
