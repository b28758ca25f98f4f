import { AdminTabs } from "@/components/admin/admin-tabs";
import { adminPagesFor } from "@/lib/server/admin-pages";
import { getActor } from "@/lib/server/session";

/** The administration pages under one set of tabs. Each page checks its own permission as well. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await getActor();
  return (
    <>
      {actor ? <AdminTabs pages={adminPagesFor(actor)} /> : null}
      {children}
    </>
  );
}
