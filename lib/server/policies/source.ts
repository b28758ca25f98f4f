import "server-only";
/**
 * Who may do what to a library source (docs/sources.md): every signed-in staff
 * member reads, adds and edits sources; deleting, which is for mistakes only,
 * is for editors and admins and for whoever added the source. Whether anything
 * still cites it is the domain's check (lib/server/sources.ts), not a permission.
 */
import type { SourceRow } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { hasRole } from "@/lib/roles";

export type SourceAction = "view" | "edit" | "delete";

export function can(actor: Actor, action: SourceAction, source: Pick<SourceRow, "addedById">): boolean {
  if (action === "delete") return hasRole(actor.role, "editor") || source.addedById === actor.id;
  return true;
}
