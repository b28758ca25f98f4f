import { NextResponse } from "next/server";
import { DomainError } from "@/lib/server/errors";
import { REPORT_BODY_LIMIT_BYTES, reportOutdated } from "@/lib/server/publishing";
import { assertSameOrigin, clientAddress, readForm } from "@/lib/server/request";

/**
 * "Report outdated information" (a plain HTML form, no account): records the
 * report and sends the reader to a thank-you page (303, so a reload does not resend).
 * Anyone may post here, so the origin and the body's size are checked before
 * anything is read. The Location is a path: the reader stays on the origin they
 * posted from (a URL built from request.url names the server's own host name,
 * and the Content-Security-Policy's `form-action 'self'` blocks a form whose
 * answer redirects to another origin).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const back = (status: string) =>
    new NextResponse(null, { status: 303, headers: { location: `/fact-checks/${encodeURIComponent(slug)}/reported?status=${status}` } });
  let note: unknown = null;
  try {
    assertSameOrigin(request);
    note = (await readForm(request, { limit: REPORT_BODY_LIMIT_BYTES })).get("note");
  } catch (error) {
    if (error instanceof DomainError && error.code !== "invalid") return NextResponse.json(error.toJSON(), { status: error.status });
    return back("invalid");
  }
  try {
    return back(await reportOutdated({ slug, note, address: clientAddress(request) }));
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "not_found") return new NextResponse("Not found", { status: 404 });
      return back(error.code === "rate_limited" ? "rate_limited" : "invalid");
    }
    console.error(error);
    return back("error");
  }
}
