/**
 * Runs in the browser before the app's modules, on every page.
 *
 * Zod compiles object schemas with `new Function` when the page allows it, and
 * probes for that as each object schema is built (lib/document.ts builds some
 * as the editor loads). The Content-Security-Policy allows no eval
 * (docs/architecture.md, "Content Security Policy"), and the browser reports
 * even the caught probe as a violation. Jitless, zod never tries; the browser
 * parses only small inputs, where compiling gains nothing.
 *
 * Zod reads its configuration from this global when it loads (`z.config`
 * writes the same object), so setting it here costs no page a byte of zod.
 */
import type { $ZodConfig } from "zod/v4/core";

const scope = globalThis as { __zod_globalConfig?: Partial<$ZodConfig> };
scope.__zod_globalConfig = { ...scope.__zod_globalConfig, jitless: true };
