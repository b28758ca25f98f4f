/**
 * One-click unsubscribe (RFC 8058): the URL of an email's List-Unsubscribe
 * header, which a mail client POSTs to (`List-Unsubscribe=One-Click`) with no
 * session and from no page of ours; the signed token in the URL says whose
 * email of which kind to stop. People clicking the link in the email get the
 * page /unsubscribe instead, which asks before it acts.
 */
import { NextResponse } from "next/server";
import { databaseOutage, DomainError } from "@/lib/server/errors";
import { errorResponse } from "@/lib/server/api";
import { unsubscribe } from "@/lib/server/mail";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const token = new URL(request.url).searchParams.get("token") ?? "";
    const outcome = await unsubscribe({ token });
    return NextResponse.json({ unsubscribed: outcome.kind, label: outcome.label });
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error);
    const outage = databaseOutage(error);
    if (outage) return errorResponse(outage);
    console.error(error);
    return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. Try again." } }, { status: 500 });
  }
}
