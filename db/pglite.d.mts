/** Types of db/pglite.mjs (plain JavaScript: server.mjs runs without compilation). */
import type { PGlite } from "@electric-sql/pglite";
export declare function pgliteSharedBuffers(env?: Record<string, string | undefined>): string;
export declare const PGLITE_TYPES: { parsers: Record<number, (value: string) => Uint8Array>; serializers: Record<number, (value: unknown) => string> };
export declare function createPgliteClient(dir: string): Promise<PGlite>;
export declare function openPgliteEarly(dir: string): void;
export declare function takeEarlyPglite(dir: string): Promise<PGlite> | undefined;
