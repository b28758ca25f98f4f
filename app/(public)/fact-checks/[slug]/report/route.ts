import { NextResponse } from "next/server";
import { DomainError } from "@/lib/server/errors";
import { reportOutdated } from "@/lib/server/publishing";

/**
 * "Report outdated information" (a plain HTML form, no account): records the
 * report and sends the reader to a thank-you page (303, so a reload does not resend).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const back = (status: string) => NextResponse.redirect(new URL(`/fact-checks/${encodeURIComponent(slug)}/reported?status=${status}`, request.url), 303);
  let note: unknown = null;
  try {
    const form = await request.formData();
    note = form.get("note");
  } catch {
    return back("invalid");
  }
  const address = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
  try {
    return back(await reportOutdated({ slug, note, address }));
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.code === "not_found") return new NextResponse("Not found", { status: 404 });
      return back(error.code === "rate_limited" ? "rate_limited" : "invalid");
    }
    console.error(error);
    return back("error");
  }
}
