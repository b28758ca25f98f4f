import "server-only";
import type { Actor } from "@/lib/server/actor";
import { can } from "@/lib/server/policies/newsroom";

/** The administration pages a person may open, in the order the tabs show them. */
export function adminPagesFor(actor: Actor): { href: string; label: string }[] {
  return [
    can(actor, "manage_users") ? { href: "/admin/users", label: "Users" } : null,
    can(actor, "set_refresh_policies") ? { href: "/admin/settings", label: "Settings" } : null,
    can(actor, "manage_jobs") ? { href: "/admin/jobs", label: "Jobs" } : null,
    can(actor, "manage_jobs") ? { href: "/admin/outbox", label: "Outbox" } : null,
  ].filter((page) => page !== null);
}
