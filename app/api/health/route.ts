import { NextResponse } from "next/server";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { whyUnavailable } from "@/db/unavailable";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return NextResponse.json({ status: "ok" });
  } catch (error) {
    // Polled by load balancers: one line that says why, not a stack on every poll.
    console.error(`Health check: ${whyUnavailable(error) ?? error}`);
    return NextResponse.json({ status: "error", error: { code: "database", message: "The database is not reachable" } }, { status: 503 });
  }
}
