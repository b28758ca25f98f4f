import { NextResponse } from "next/server";
import { formatDateTime } from "@/lib/date-format";
import { DomainError } from "@/lib/server/errors";
import { getSnapshot } from "@/lib/server/link-checks";
import { getActor } from "@/lib/server/session";
import { ARCHIVE_POLICY, sandboxedArchive } from "@/lib/archive-html";

/**
 * An archived copy of a source's page, for staff: the HTML as the link checker
 * kept it, served as its own sandboxed document (lib/archive-html.ts): no
 * script runs, nothing is loaded from the original site or anywhere else, and
 * it has an origin of its own, so it can reach nothing of Factdesk's.
 */
export const dynamic = "force-dynamic";

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
    const html = sandboxedArchive(snapshot.html, {
      label: `Archived copy of ${formatDateTime(snapshot.takenAt)}`,
      url: snapshot.url,
      truncated: snapshot.truncated,
    });
    return new NextResponse(html, {
      headers: {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": ARCHIVE_POLICY,
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
        "x-dns-prefetch-control": "off",
        "x-robots-tag": "noindex, nofollow",
      },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") {
      return new NextResponse("Archived copy not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
