import type { Metadata } from "next";
import { IntentLink } from "@/components/ui/intent-link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { FactCheckEditor } from "@/components/editor/fact-check-editor";
import { EnginePreloads } from "@/components/editor/engine-preloads";
import { firstViewOf, FirstViewRenderBlock } from "@/components/editor/first-view";
import { handFirstView } from "@/components/editor/first-view-handoff";
import { MarkCheckRead } from "@/components/notifications/mark-check-read";
import { WriterReviewPanel } from "@/components/review/writer-review-panel";
import { CSP_HEADER, nonceOf } from "@/lib/csp.mjs";
import { formatLongDate } from "@/lib/date-format";
import { providedEngineChunks } from "@/lib/engine-chunks.mjs";
import { getAssignmentOrigin } from "@/lib/server/assignments";
import { listCollaborators } from "@/lib/server/collaborators";
import { getLiveOpening } from "@/lib/server/live-documents";
import { hasUnreadAbout } from "@/lib/server/notifications";
import { orNotFound } from "@/lib/server/pages";
import { can } from "@/lib/server/policies/fact-check";
import { can as canInNewsroom } from "@/lib/server/policies/newsroom";
import { requirePageActor } from "@/lib/server/session";
import { getFactCheckWithSources } from "@/lib/server/fact-checks";
import { getVerdictScale } from "@/lib/server/verdicts";
import { ShareDialog } from "@/components/sharing/share-dialog";

export const metadata: Metadata = { title: "Edit fact-check" };

export default async function EditFactCheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/desk/fact-checks/${id}`);
  // The check and the sources it cites (for its [n] numbers and source list): two queries.
  const { check, sources } = await orNotFound(getFactCheckWithSources({ actor, id }));
  // Reviewers read a check on its review page; only its writers and editors open the editor.
  if (!can(actor, "write", check)) redirect(`/desk/fact-checks/${id}/review`);
  const requestHeaders = await headers();
  // The editing engine's files, fetched with the page's own scripts rather than asked for by them once they run (engine-preloads.tsx).
  const nonce = nonceOf(requestHeaders.get(CSP_HEADER)) ?? undefined;
  const [assigned, sharing, verdicts, live, unread] = await Promise.all([
    getAssignmentOrigin({ actor, check }),
    can(actor, "share", check) ? listCollaborators({ actor, factCheckId: id }) : null,
    getVerdictScale(),
    // Given with the page itself, not with a refresh of it (the editor, already open, would not use it).
    requestHeaders.get("rsc") ? null : getLiveOpening({ actor, id }),
    hasUnreadAbout({ actor, factCheckId: id }),
  ]);
  const share = sharing ? (
    <ShareDialog
      checkId={id}
      actorId={actor.id}
      owner={sharing.owner}
      assignee={sharing.assignee}
      collaborators={sharing.collaborators}
    />
  ) : null;
  const aside = (
    <>
      {assigned ? (
        <p className="notice" role="note" aria-label="Assignment">
          Assigned{assigned.assignedByName ? ` by ${assigned.assignedByName}` : ""}
          {assigned.assignedAt ? ` on ${formatLongDate(assigned.assignedAt)}` : ""}
          {assigned.origin ? (
            <>
              , from the “Want to dive deeper?” questions of <a href={assigned.origin.href}>{assigned.origin.question}</a>
            </>
          ) : null}
          .
        </p>
      ) : null}
      {canInNewsroom(actor, "publish") ? (
        <p>
          <IntentLink href={`/desk/fact-checks/${id}/publish`}>Publishing, refresh and assignments</IntentLink>
        </p>
      ) : null}
      <WriterReviewPanel actor={actor} id={id} />
    </>
  );
  // The check drawn as the editor will show it, readable before the editing engine loads, with the live state
  // the editor opens on. Both handed to the render of the HTML, not sent in the page's payload, which the
  // browser would read for nothing, or at a cost (first-view-handoff.ts).
  const firstView = live?.content && live.opening.state ? firstViewOf({ content: live.content, state: live.opening.state, readOnly: live.opening.access !== "write", verdicts, sources }) : null;
  const opening = live ? { access: live.opening.access } : null;
  const firstViewToken = firstView ? handFirstView(firstView.main) : null;
  return (
    <>
      <EnginePreloads hrefs={providedEngineChunks()} nonce={nonce} />
      {firstView ? <FirstViewRenderBlock /> : null}
      {unread ? <MarkCheckRead factCheckId={id} /> : null}
      <FactCheckEditor key={check.id} firstViewToken={firstViewToken} firstSources={firstView?.sources} initial={{ id: check.id, question: check.question, status: check.status, version: check.version }} me={{ id: actor.id, name: actor.name }} sources={sources} verdicts={verdicts} opening={opening} aside={aside} headerActions={share} />
    </>
  );
}
