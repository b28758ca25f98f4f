import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FactCheckEditor } from "@/components/editor/fact-check-editor";
import { WriterReviewPanel } from "@/components/review/writer-review-panel";
import { canViewFactCheck, getFactCheck } from "@/lib/server/fact-checks";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Edit fact-check" };

export default async function EditFactCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}`);
  const check = await orNotFound(getFactCheck({ actor, id }));
  // Reviewers read a check on its review page; only its writers and editors open the editor.
  if (!canViewFactCheck(actor, check)) redirect(`/desk/fact-checks/${id}/review`);
  return <FactCheckEditor initial={check} aside={<WriterReviewPanel actor={actor} id={id} />} />;
}
