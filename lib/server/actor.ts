import "server-only";
import type { Role } from "@/lib/roles";

/** Who is asking: passed explicitly to every domain function. */
export type Actor = { id: string; email: string; name: string; role: Role };
