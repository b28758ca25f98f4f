import { NextResponse } from "next/server";
import { formatDateTime } from "@/lib/date-format";
import { DomainError } from "@/lib/server/errors";
import { getSnapshot } from "@/lib/server/link-checks";
import { storeLabel } from "@/lib/server/snapshots";
import { getActor } from "@/lib/server/session";
import { ARCHIVE_POLICY, archiveProblemPage, sandboxedArchive } from "@/lib/archive-html";

/**
 * An archived copy of a source's page, for staff: the HTML as the link checker
 * kept it, served as its own sandboxed document (lib/archive-html.ts): no
 * script runs, nothing is loaded from the original site or anywhere else, and
 * it has an origin of its own, so it can reach nothing of Factdesk's.
 */
export const dynamic = "force-dynamic";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": ARCHIVE_POLICY,
  "cache-control": "private, no-store",
  "referrer-policy": "no-referrer",
  "x-dns-prefetch-control": "off",
  "x-robots-tag": "noindex, nofollow",
};

export async function GET(request: Request, { params }: { params: Promise<{ id: string; snapshotId: string }> }) {
  const { id, snapshotId } = await params;
  const actor = await getActor();
  if (!actor) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", `/sources/${id}/archive/${snapshotId}`);
    return NextResponse.redirect(login);
  }
  try {
    const snapshot = await getSnapshot({ actor, sourceId: id, snapshotId });
    const { unavailable } = snapshot;
    // The copy is listed but its HTML cannot be read: a page that says so, not a crash.
    if (unavailable?.reason === "missing") {
      const page = archiveProblemPage({
        title: "This archived copy is missing",
        body: `Factdesk has a record of this copy, but its page is no longer in the ${storeLabel(unavailable.store)} (${unavailable.key}). It may have been removed outside Factdesk. The source's other copies, and its link, are unaffected.`,
        back: `/sources/${id}`,
      });
      return new NextResponse(page, { status: 404, headers: HEADERS });
    }
    if (unavailable || snapshot.html === null) {
      const page = archiveProblemPage({
        title: "The archive cannot be reached",
        body: `The ${storeLabel(snapshot.store)} that keeps this copy did not answer as it should. Try again in a moment; if it goes on, tell whoever runs Factdesk (the server log says why).`,
        back: `/sources/${id}`,
      });
      return new NextResponse(page, { status: 503, headers: { ...HEADERS, "retry-after": "30" } });
    }
    const html = sandboxedArchive(snapshot.html, {
      label: `Archived copy of ${formatDateTime(snapshot.takenAt)}`,
      url: snapshot.url,
      truncated: snapshot.truncated,
    });
    return new NextResponse(html, { headers: HEADERS });
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") {
      return new NextResponse("Archived copy not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
