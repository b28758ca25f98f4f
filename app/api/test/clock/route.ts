import { NextResponse } from "next/server";
import { z } from "zod";
import { now, setClockOffset } from "@/lib/server/clock";
import { invalidatePublic, PUBLIC_TAGS } from "@/lib/server/public-cache";

/**
 * Test-only: moves the domain clock (end-to-end tests of staleness). Exists only
 * when the server runs with FACTDESK_ALLOW_CLOCK_OVERRIDE=1, which the Playwright
 * web server sets; everywhere else it answers 404 like any unknown address.
 */
export const dynamic = "force-dynamic";

const DAY_MS = 86_400_000;
const allowed = () => process.env.FACTDESK_ALLOW_CLOCK_OVERRIDE === "1";
const notFound = () => NextResponse.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });
const bodySchema = z.object({ offsetDays: z.number().min(-3650).max(3650) }).strict();

function state() {
  const at = now();
  return { now: at.toISOString(), offsetDays: Math.round(((at.getTime() - Date.now()) / DAY_MS) * 1000) / 1000 };
}

export async function GET() {
  return allowed() ? NextResponse.json(state()) : notFound();
}

export async function POST(request: Request) {
  if (!allowed()) return notFound();
  const parsed = bodySchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: { code: "invalid", message: "Send { offsetDays: number }" } }, { status: 400 });
  }
  setClockOffset(parsed.data.offsetDays * DAY_MS);
  // Cached public pages computed staleness with the old time.
  invalidatePublic([PUBLIC_TAGS.all]);
  return NextResponse.json(state());
}
