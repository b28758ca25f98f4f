import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { FactCheckArticle } from "@/components/fact-check/fact-check-article";
import { orNotFound } from "@/lib/server/pages";
import { requirePageActor } from "@/lib/server/session";
import { getFactCheckWithSources } from "@/lib/server/fact-checks";

export const metadata: Metadata = { title: "Preview" };

export default async function PreviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}/preview`);
  const { check, sources } = await orNotFound(getFactCheckWithSources({ actor, id }));
  return (
    <>
      <p className="notice" role="note">
        Preview: this is how readers will see this check once it is published.{" "}
        <IntentLink href={`/desk/fact-checks/${id}`}>Back to the editor</IntentLink>
      </p>
      <FactCheckArticle content={check} sources={sources} />
    </>
  );
}
