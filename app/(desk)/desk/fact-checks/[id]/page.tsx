import type { Metadata } from "next";
import { FactCheckEditor } from "@/components/editor/fact-check-editor";
import { getFactCheck } from "@/lib/server/fact-checks";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Edit fact-check" };

export default async function EditFactCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}`);
  const check = await orNotFound(getFactCheck({ actor, id }));
  return <FactCheckEditor initial={check} />;
}
