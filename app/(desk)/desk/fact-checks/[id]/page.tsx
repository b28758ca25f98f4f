import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { FactCheckEditor } from "@/components/editor/fact-check-editor";
import { WriterReviewPanel } from "@/components/review/writer-review-panel";
import { hasRole } from "@/lib/roles";
import { canViewFactCheck } from "@/lib/server/fact-checks";
import { markNotificationsRead } from "@/lib/server/notifications";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";
import { getFactCheckWithSources } from "@/lib/server/sources";

export const metadata: Metadata = { title: "Edit fact-check" };

export default async function EditFactCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}`);
  // The check and the sources it cites (for its [n] numbers and source list): two queries.
  const { check, sources } = await orNotFound(getFactCheckWithSources({ actor, id }));
  // Reviewers read a check on its review page; only its writers and editors open the editor.
  if (!canViewFactCheck(actor, check)) redirect(`/desk/fact-checks/${id}/review`);
  // Opening the check answers its inbox items.
  await markNotificationsRead({ actor, factCheckId: id });
  const aside = (
    <>
      {hasRole(actor.role, "editor") ? (
        <p>
          <Link href={`/desk/fact-checks/${id}/publish`}>Publishing, refresh and assignments</Link>
        </p>
      ) : null}
      <WriterReviewPanel actor={actor} id={id} />
    </>
  );
  return <FactCheckEditor initial={check} sources={sources} aside={aside} />;
}
